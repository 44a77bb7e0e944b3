import { describe, expect, it } from "vitest";
import { parseDockerArgs, publishesPort, sameImageTag } from "./docker-cli";
import { findDockerCommands } from "./find-docker-commands";

const args = (line: string) => line.split(/\s+/).filter(Boolean);

describe("parseDockerArgs: build", () => {
  it("reads tags given with -t, --tag and --tag=", () => {
    expect(parseDockerArgs(args("build -t x ."))).toMatchObject({ kind: "build", tags: ["x"], context: "." });
    expect(parseDockerArgs(args("image build --tag=x:latest ."))).toMatchObject({ kind: "build", tags: ["x:latest"], context: "." });
    expect(parseDockerArgs(args("buildx build --no-cache -f Dockerfile --tag x -t y ."))).toMatchObject({ tags: ["x", "y"], noCache: true, dockerfile: "Dockerfile" });
    expect(parseDockerArgs(args("build --pull -tx ."))).toMatchObject({ tags: ["x"], context: "." });
  });
});

describe("parseDockerArgs: run", () => {
  it("reads flags in any order, with = or separate values", () => {
    expect(parseDockerArgs(args("run -d -p 80:80 --name n img"))).toMatchObject({ kind: "run", image: "img", name: "n", publish: ["80:80"], detach: true });
    expect(parseDockerArgs(args("container run --name=n --publish=80:80 --rm img"))).toMatchObject({ image: "img", name: "n", publish: ["80:80"] });
    expect(parseDockerArgs(args("run -e A=1 -v /a:/b --name n -p80:80 img"))).toMatchObject({ image: "img", publish: ["80:80"] });
  });

  it("reads bundled short flags", () => {
    expect(parseDockerArgs(args("run -dit img bash"))).toMatchObject({ detach: true, interactive: true, tty: true, image: "img", command: ["bash"] });
    expect(parseDockerArgs(args("run -dp 80:80 img"))).toMatchObject({ detach: true, publish: ["80:80"], image: "img" });
  });

  it("passes what follows the image to the container, and names misplaced options", () => {
    const run = parseDockerArgs(args("run --name n img -p 80:80"));
    expect(run).toMatchObject({ image: "img", publish: [], command: ["-p", "80:80"], optionsAfterImage: ["-p"] });
  });

  it("skips global options before the sub-command", () => {
    expect(parseDockerArgs(args("-H tcp://host:2375 --debug run img"))).toMatchObject({ kind: "run", image: "img" });
    expect(parseDockerArgs(args("ps -a"))).toEqual({ kind: "other", subcommand: "ps" });
    expect(parseDockerArgs(args("container create img"))).toEqual({ kind: "other", subcommand: "container create" });
  });
});

describe("image and port comparisons", () => {
  it("treats an omitted tag as latest", () => {
    expect(sameImageTag("x", "x:latest")).toBe(true);
    expect(sameImageTag("x:1", "x")).toBe(false);
    expect(sameImageTag("registry:5000/x", "registry:5000/x:latest")).toBe(true);
  });

  it("matches published ports with an IP or a protocol", () => {
    expect(publishesPort("80:80", "80:80")).toBe(true);
    expect(publishesPort("0.0.0.0:80:80/tcp", "80:80")).toBe(true);
    expect(publishesPort("8080:80", "80:80")).toBe(false);
    expect(publishesPort("80", "80:80")).toBe(false);
    expect(publishesPort("80:80/udp", "80:80")).toBe(false);
  });
});

describe("findDockerCommands", () => {
  it("finds commands behind prompts, sudo and prose", () => {
    const found = findDockerCommands("  $ sudo docker build --tag=mon_image:latest .");
    expect(found.map((f) => f.command)).toEqual([expect.objectContaining({ kind: "build", tags: ["mon_image:latest"] })]);
    expect(findDockerCommands("Build it with `docker build -t x .` from the folder")[0]!.command).toMatchObject({ tags: ["x"], context: "." });
  });

  it("finds several commands on one line", () => {
    const found = findDockerCommands("docker build -t x . && docker run -d --name n x, then docker ps");
    expect(found.map((f) => f.command.kind)).toEqual(["build", "run", "other"]);
  });

  it("finds nothing in text without docker commands", () => {
    expect(findDockerCommands("TODO: build the image (dockerfile)")).toEqual([]);
  });
});
