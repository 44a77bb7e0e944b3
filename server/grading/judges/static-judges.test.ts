/** Pass and fail cases of each static judge, on small Dockerfiles. */
import { describe, expect, it } from "vitest";
import { specOf, STEP1_FOLDER, workspaceWithDockerfile } from "../fixtures/test-workspace";
import { judgeArchiveDownload } from "../kinds/archive-download/judge";
import { judgeBaseImage } from "../kinds/base-image/judge";
import { judgeEnvInOneInstruction } from "../kinds/env-in-one-instruction/judge";
import { judgeFolder } from "../kinds/folder/judge";
import { judgeInstruction } from "../kinds/instruction/judge";
import { judgeTrailingComments } from "../kinds/trailing-comments/judge";

const ws = (dockerfile: string) => workspaceWithDockerfile(dockerfile);

describe("folder", () => {
  const spec = specOf({ kind: "folder" });

  it("passes when the folder has a Dockerfile", () => {
    expect(judgeFolder(spec, ws("FROM debian\n"))).toMatchObject({ status: "pass", phase: "static" });
  });

  it("names the expected folder and a misspelt one", () => {
    const result = judgeFolder(spec, workspaceWithDockerfile("FROM debian\n", "1_Worpress_Multiservice_Dirty"));
    expect(result.status).toBe("fail");
    expect(result.message).toContain(`Expected a folder named ${STEP1_FOLDER}`);
    expect(result.message).toContain("1_Worpress_Multiservice_Dirty/");
  });

  it("does not point at unrelated folders", () => {
    const result = judgeFolder(spec, workspaceWithDockerfile("FROM debian\n", "notes"));
    expect(result.message).not.toContain("notes");
  });

  it("says when the file exists under another case", () => {
    const result = judgeFolder(spec, { folder: STEP1_FOLDER, files: { [`${STEP1_FOLDER}/dockerfile`]: "FROM debian\n" } });
    expect(result).toMatchObject({ status: "fail", file: `${STEP1_FOLDER}/Dockerfile` });
    expect(result.message).toContain("found dockerfile instead of Dockerfile");
  });
});

describe("base-image", () => {
  const spec = specOf({ kind: "base-image", image: "debian", tag: "latest" });
  const judge = (dockerfile: string) => judgeBaseImage(spec, ws(dockerfile));

  it.each([
    "FROM debian:latest",
    "FROM debian",
    "FROM docker.io/library/debian:latest",
    "FROM library/debian",
    "from --platform=linux/amd64 debian:latest",
    "ARG BASE=debian:latest\nFROM ${BASE}",
    "ARG BASE=debian\nFROM $BASE",
    "FROM debian:trixie AS tools\nRUN true\nFROM debian AS final",
    "FROM debian:latest AS base\nFROM base",
    "FROM debian:latest@sha256:0123456789abcdef",
  ])("accepts %j", (dockerfile) => {
    expect(judge(`${dockerfile}\n`).status).toBe("pass");
  });

  it.each([
    ["FROM debian:trixie", "line 1 has FROM debian:trixie"],
    ["FROM debian:latest-slim", "FROM debian:latest-slim"],
    ["FROM ubuntu", "FROM ubuntu"],
    ["FROM someone/debian:latest", "not the official image"],
    ["FROM ghcr.io/library/debian:latest", "FROM ghcr.io/library/debian:latest"],
    ["FROM debian@sha256:0123", "digest"],
    ["FROM debian:latest AS a\nFROM debian:bookworm", "line 2 has FROM debian:bookworm"],
    ["FROM debian:bookworm AS base\nFROM base", 'builds on stage "base", whose line 1 has FROM debian:bookworm'],
    ["ARG BASE=debian:bookworm\nFROM ${BASE}", "FROM ${BASE} (which gives debian:bookworm)"],
    ["ARG BASE\nFROM $BASE", "names no image"],
  ])("rejects %j", (dockerfile, messagePart) => {
    const result = judge(`${dockerfile}\n`);
    expect(result.status).toBe("fail");
    expect(result.message).toContain("Expected the final stage to start FROM debian:latest");
    expect(result.message).toContain(messagePart);
  });

  it("points at the FROM line", () => {
    expect(judge("# comment\n\nFROM debian:bookworm\n")).toMatchObject({ line: 3, file: `${STEP1_FOLDER}/Dockerfile` });
  });

  it("fails without a FROM and without a Dockerfile", () => {
    expect(judge("RUN true\n").message).toContain("has no FROM instruction");
    expect(judgeBaseImage(spec, { folder: STEP1_FOLDER, files: {} }).message).toContain(`No Dockerfile at ${STEP1_FOLDER}/Dockerfile`);
  });
});

describe("instruction", () => {
  it("counts instructions of the final image and reports where they are", () => {
    const spec = specOf({ kind: "instruction", instruction: "cmd", min: 1, max: 1 });
    expect(judgeInstruction(spec, ws('FROM debian\nCMD ["bash"]\n')).status).toBe("pass");
    expect(judgeInstruction(spec, ws("FROM debian\n")).message).toContain("Expected at least 1 CMD in the final stage; found none");
    const twice = judgeInstruction(spec, ws("FROM debian\nCMD a\nCMD b\n"));
    expect(twice).toMatchObject({ status: "fail", line: 3 });
    expect(twice.message).toContain("found 2, on lines 2 and 3");
  });

  it("ignores instructions of other stages unless asked", () => {
    const dockerfile = "FROM debian AS a\nUSER mysql\nFROM debian\n";
    expect(judgeInstruction(specOf({ kind: "instruction", instruction: "USER" }), ws(dockerfile)).status).toBe("fail");
    expect(judgeInstruction(specOf({ kind: "instruction", instruction: "USER", stage: "any" }), ws(dockerfile)).status).toBe("pass");
  });

  it("checks the arguments against a pattern", () => {
    const spec = specOf({ kind: "instruction", instruction: "USER", argsPattern: "^mysql$" });
    expect(judgeInstruction(spec, ws("FROM debian\nUSER mysql\n")).status).toBe("pass");
    expect(judgeInstruction(spec, ws("FROM debian\nUSER root\n")).message).toContain("line 2: USER root");
    expect(judgeInstruction(specOf({ kind: "instruction", instruction: "USER", argsPattern: "(" }), ws("FROM debian\n")).status).toBe("error");
  });
});

describe("env-in-one-instruction", () => {
  const spec = specOf({
    kind: "env-in-one-instruction",
    variables: [
      { describe: "the password", value: "tempo" },
      { describe: "the user", value: "admin" },
      { describe: "the database", value: "wordpress" },
    ],
  });
  const judge = (dockerfile: string) => judgeEnvInOneInstruction(spec, ws(`FROM debian\n${dockerfile}\n`));

  it.each([
    "ENV P=tempo U=admin D=wordpress",
    "ENV P=\"tempo\" U='admin' D=wordpress EXTRA=1",
    "ENV P=tempo \\\n  U=admin \\\n  # the database\n  D=wordpress",
    "ARG PASS=tempo\nENV P=$PASS U=admin D=${DB:-wordpress}",
    "ENV OTHER=1\nENV P=tempo U=admin D=wordpress",
  ])("accepts %j", (dockerfile) => {
    expect(judge(dockerfile).status).toBe("pass");
  });

  it("names the lines when the variables are split", () => {
    const result = judge("ENV P=tempo\nRUN true\nENV U=admin D=wordpress");
    expect(result).toMatchObject({ status: "fail", line: 4 });
    expect(result.message).toContain("P=tempo on line 2 and U=admin and D=wordpress on line 4");
  });

  it("counts a legacy ENV KEY value as one variable", () => {
    const result = judge("ENV P tempo\nENV U admin\nENV D wordpress");
    expect(result.message).toContain("split over 3 ENV instructions");
    expect(judge("ENV P tempo U admin D wordpress").message).toContain('old form "ENV NAME value"');
  });

  it("says which value is missing, identifying variables by value not by name", () => {
    expect(judge("ENV PASSWORD=tempo USER=admin DATABASE=wp").message).toContain("no ENV instruction sets the database (value wordpress)");
    expect(judge("RUN true").message).toContain("the Dockerfile has no ENV instruction");
  });

  it("only counts ENV of the final image", () => {
    expect(judgeEnvInOneInstruction(spec, ws("FROM debian AS a\nENV P=tempo U=admin D=wordpress\nFROM debian\n")).status).toBe("fail");
  });

  it("honours a key pattern", () => {
    const withKey = specOf({ kind: "env-in-one-instruction", variables: [{ describe: "password", value: "tempo", keyPattern: "pass" }] });
    expect(judgeEnvInOneInstruction(withKey, ws("FROM debian\nENV DB_PASSWORD=tempo\n")).status).toBe("pass");
    expect(judgeEnvInOneInstruction(withKey, ws("FROM debian\nENV DB_USER=tempo\n")).status).toBe("fail");
  });
});

describe("archive-download", () => {
  const spec = specOf({ kind: "archive-download", format: "zip", urlPattern: "wordpress" });
  const judge = (dockerfile: string) => judgeArchiveDownload(spec, ws(`FROM debian\n${dockerfile}\n`));
  const URL = "https://wordpress.org/latest.zip";

  it.each([
    `RUN wget ${URL} && unzip latest.zip -d /var/www/html`,
    `RUN cd /tmp && curl -LO ${URL} && cd /var/www/html && unzip /tmp/latest.zip`,
    `RUN curl -o /tmp/wp.zip ${URL} && unzip /tmp/wp.zip -d /var/www/html`,
    `ADD ${URL} /tmp/\nRUN unzip /tmp/latest.zip -d /var/www/html`,
    `ADD ${URL} /tmp/wp.zip\nRUN cd /var/www/html && busybox unzip /tmp/wp.zip`,
    `RUN wget -qO /tmp/wp.zip ${URL} && python3 -m zipfile -e /tmp/wp.zip /var/www/html`,
    `RUN curl -fsSL ${URL} | bsdtar -xf - -C /var/www/html`,
    `RUN wget https://downloads.wordpress.org/release/wordpress-6.8.zip && unzip wordpress-6.8.zip -d /var/www/html`,
    `RUN wget ${URL}\nRUN unzip latest.zip -d /var/www/html`,
  ])("accepts %j", (dockerfile) => {
    expect(judge(dockerfile).status).toBe("pass");
  });

  it("rejects the tar.gz archive and says the zip is asked for", () => {
    const result = judge("RUN wget https://wordpress.org/latest.tar.gz && tar -xzf latest.tar.gz -C /var/www/html");
    expect(result).toMatchObject({ status: "fail", line: 2 });
    expect(result.message).toContain("a .tar.gz archive. The step asks for the .zip one: https://wordpress.org/latest.zip");
  });

  it("rejects a zip that is never extracted, or extracted by a tool that cannot read zip", () => {
    expect(judge(`RUN wget ${URL}`).message).toContain("nothing extracts it");
    expect(judge(`RUN wget ${URL} && tar -xf latest.zip`).message).toContain("nothing extracts it");
    expect(judge(`RUN wget ${URL} && unzip other.zip`).message).toContain("runs unzip on other.zip");
  });

  it("rejects an extraction placed before the download", () => {
    expect(judge(`RUN unzip latest.zip\nRUN wget ${URL}`).status).toBe("fail");
  });

  it("rejects a local zip copied in, and no download at all", () => {
    expect(judge("COPY latest.zip /tmp/\nRUN unzip /tmp/latest.zip").message).toContain("copies the local file latest.zip");
    expect(judge("RUN true").message).toContain("it downloads nothing");
    expect(judge("RUN wget https://example.com/other.zip && unzip other.zip").message).toContain("downloads nothing that matches");
  });
});

describe("trailing-comments", () => {
  const spec = specOf({
    kind: "trailing-comments",
    commands: [
      { describe: "the build command", command: "build", tag: "img" },
      { describe: "the run command", command: "run", name: "box", image: "img", publish: ["80:80"] },
    ],
  });
  const judge = (comments: string) => judgeTrailingComments(spec, ws(`FROM debian\nCMD ["bash"]\n${comments}\n`));

  it.each([
    "# docker build -t img .\n# docker run -d -p 80:80 --name box img",
    "\n#   $ docker build --tag=img:latest .\n\n#   $ docker container run -dit --publish=80:80 --name=box img",
    "# sudo docker image build -t img .\n# sudo docker run --name box -p 0.0.0.0:80:80/tcp img:latest bash",
    "# Build: `docker build -t img .` then run: `docker run --rm -p80:80 --name box img`",
    "# docker build -t img . && docker run -dp 80:80 --name box img",
    "# docker build -t img .\n# docker run -d \\\n#   -p 80:80 \\\n#   --name box \\\n#   img",
  ])("accepts %j", (comments) => {
    expect(judge(comments).status).toBe("pass");
  });

  it("rejects a file that ends with an instruction", () => {
    const result = judgeTrailingComments(spec, ws('FROM debian\n# docker build -t img .\n# docker run -p 80:80 --name box img\nCMD ["bash"]\n'));
    expect(result).toMatchObject({ status: "fail", line: 2 });
    expect(result.message).toContain("the docker build command is in the comment on line 2, but instructions follow it");
    expect(result.message).toContain("The file ends with the instruction CMD on line 4");
  });

  it("says which name, image or port is wrong", () => {
    expect(judge("# docker build -t other .\n# docker run -p 80:80 --name box img").message).toContain("tagged -t img, but line 3 has docker build -t other .");
    expect(judge("# docker build .\n# docker run -p 80:80 --name box img").message).toContain("(no -t tag)");
    expect(judge("# docker build -t img .\n# docker run -p 80:80 img").message).toContain("it gives no --name box");
    expect(judge("# docker build -t img .\n# docker run -p 80:80 --name box debian").message).toContain("starts the image debian instead of img");
    expect(judge("# docker build -t img .\n# docker run -p 8080:80 --name box img").message).toContain("does not publish -p 80:80 (it has -p 8080:80)");
    expect(judge("# docker build -t img .\n# docker run --name box img -p 80:80").message).toContain("-p comes after the image name");
  });

  it("marks missing comments at the end of the file, where they go, not on FROM", () => {
    const bare = judgeTrailingComments(spec, ws("FROM debian\nRUN apt-get update \\\n && apt-get install -y apache2\n\n"));
    expect(bare).toMatchObject({ status: "fail", line: 3 });
    expect(judge("# build the image, then run it")).toMatchObject({ status: "fail", line: 3 });
  });

  it("rejects commands without docker, or a missing run", () => {
    expect(judge("# build the image, then run it").message).toContain("there is no docker build command in the closing comments");
    expect(judge("# docker build -t img .").message).toContain("there is no docker run command");
  });

  it("without names asked, any build and run command will do", () => {
    const anyCommands = specOf({
      kind: "trailing-comments",
      commands: [
        { describe: "b", command: "build" },
        { describe: "r", command: "run" },
      ],
    });
    expect(judgeTrailingComments(anyCommands, ws("FROM debian\n# docker build .\n# docker run x\n")).status).toBe("pass");
  });
});
