/** Each rule on small Dockerfiles: the spellings it must accept and the ones it must report. */
import { describe, expect, it } from "vitest";
import { parseDockerfile } from "../dockerfile/parse-dockerfile";
import { lintDockerfile } from "./lint-dockerfile";
import { LINT_RULES } from "./lint-rules";
import { LINT_RULE_IDS, type LintRuleId } from "./rule-ids";

/** Lines on which one rule fires. */
const linesOf = (rule: LintRuleId, dockerfile: string) => lintDockerfile(parseDockerfile(dockerfile), [rule]).findings.map((f) => f.line);
const messageOf = (rule: LintRuleId, dockerfile: string) => lintDockerfile(parseDockerfile(dockerfile), [rule]).findings[0]?.message ?? "";
const apt = (install: string, clean = " && rm -rf /var/lib/apt/lists/*") => `FROM debian:trixie\nRUN apt-get update && ${install}${clean}\n`;

describe("the rule table", () => {
  it("has one rule per id, each knowing its own id", () => {
    for (const id of LINT_RULE_IDS) expect(LINT_RULES[id].id).toBe(id);
  });
});

describe("from-explicit-tag and from-not-latest", () => {
  it.each([
    "FROM debian:trixie",
    "FROM debian:13.1-slim",
    "FROM debian@sha256:0123456789abcdef",
    "FROM debian:latest@sha256:0123456789abcdef",
    "FROM scratch",
    "FROM debian:trixie AS base\nFROM base",
    "ARG BASE=debian:trixie\nFROM ${BASE}",
    "ARG BASE\nFROM $BASE",
    "FROM --platform=linux/amd64 localhost:5000/tools:1.2",
  ])("accept %j", (dockerfile) => {
    expect(linesOf("from-explicit-tag", dockerfile)).toEqual([]);
    expect(linesOf("from-not-latest", dockerfile)).toEqual([]);
  });

  it("report a missing tag, and name the variable that gave the image", () => {
    expect(linesOf("from-explicit-tag", "FROM debian:trixie AS a\nFROM ubuntu\n")).toEqual([2]);
    expect(linesOf("from-not-latest", "FROM ubuntu\n")).toEqual([]);
    expect(messageOf("from-explicit-tag", "ARG BASE=debian\nFROM ${BASE}\n")).toContain("FROM ${BASE} (debian) has no tag");
  });

  it("report latest in every stage and explain tag against digest", () => {
    expect(linesOf("from-not-latest", "FROM debian:latest AS a\nFROM localhost:5000/debian:latest\n")).toEqual([1, 2]);
    const message = messageOf("from-not-latest", "FROM debian:latest\n");
    expect(message).toContain("debian:<version>");
    expect(message).toContain("debian@sha256:");
  });
});

describe("maintainer-deprecated", () => {
  it("suggests the LABEL with the author", () => {
    expect(linesOf("maintainer-deprecated", "FROM debian:trixie\nLABEL maintainer=jane\n")).toEqual([]);
    expect(messageOf("maintainer-deprecated", 'FROM debian:trixie\nmaintainer Jane "JD" Doe\n')).toContain(`LABEL maintainer="Jane 'JD' Doe"`);
  });
});

describe("apt-update-with-install", () => {
  it.each([
    apt("apt-get install -y --no-install-recommends curl"),
    "FROM debian:trixie\nRUN apt update; apt install -y curl\n",
    "FROM debian:trixie\nRUN set -e; \\\n  apt-get -qq update; \\\n  apt-get -qq install curl\n",
    'FROM debian:trixie\nRUN ["/bin/sh", "-c", "apt-get update && apt-get install -y curl"]\n',
    "FROM debian:trixie\nRUN apt-get update && apt-get install -y curl\nRUN echo no apt here\n",
  ])("accepts %j", (dockerfile) => {
    expect(linesOf("apt-update-with-install", dockerfile)).toEqual([]);
  });

  it("reports the update left alone and the install that comes before its update", () => {
    expect(linesOf("apt-update-with-install", "FROM debian:trixie\nRUN apt-get update\nRUN apt-get install -y curl\n")).toEqual([2, 3]);
    expect(linesOf("apt-update-with-install", "FROM debian:trixie\nRUN apt-get install -y curl \\\n && apt-get update\n")).toEqual([2]);
  });
});

describe("apt-update-with-install: an install that updates itself, and one that installs nothing", () => {
  it.each([
    "FROM debian:trixie\nRUN apt-get install --update -y curl && rm -rf /var/lib/apt/lists/*\n",
    "FROM debian:trixie\nRUN apt install -U -y curl\n",
    "FROM debian:trixie\nRUN apt-get -y --update install curl\n",
    "FROM debian:trixie\nRUN apt-get install -s curl\n",
    "FROM debian:trixie\nRUN apt-get install --dry-run curl\n",
  ])("accepts %j", (dockerfile) => {
    expect(linesOf("apt-update-with-install", dockerfile)).toEqual([]);
  });

  it.each([
    "FROM debian:trixie\nRUN apt-get install --update=false -y curl\n",
    "FROM debian:trixie\nRUN apt-get install --no-update -y curl\n",
    "FROM debian:trixie\nRUN apt-get install -y --upgrade curl\n",
    "FROM debian:trixie\nRUN apt-get install -y --simulate=no curl\n",
  ])("reports %j", (dockerfile) => {
    expect(linesOf("apt-update-with-install", dockerfile)).toEqual([2]);
  });

  it("reports an update whose only install is a simulation", () => {
    expect(linesOf("apt-update-with-install", "FROM debian:trixie\nRUN apt-get update && apt-get install -s curl\n")).toEqual([2]);
  });
});

describe("apt-assume-yes", () => {
  it.each([
    "apt-get install -y curl",
    "apt-get -y install curl",
    "apt-get install --yes curl",
    "apt-get install --assume-yes curl",
    "apt-get install -qy curl",
    "apt-get -qq install curl",
    "apt-get -q=2 install curl",
    "apt-get -o APT::Get::Assume-Yes=true install curl",
    "yes | apt-get install curl",
    "apt-get install -y -t trixie-backports curl",
    "apt-get install $APT_FLAGS curl",
    "aptitude install -y curl",
  ])("accepts %j", (install) => {
    expect(linesOf("apt-assume-yes", apt(install))).toEqual([]);
  });

  it.each(["apt-get install curl", "apt install curl", "apt-get -q install curl", "apt-get -o Dpkg::Options::=--force-confold install curl", "sudo apt-get install curl"])("reports %j", (install) => {
    expect(linesOf("apt-assume-yes", apt(install))).toEqual([2]);
  });
});

describe("apt rules on a simulation and on unknown values", () => {
  it.each([
    "apt-get install -s curl",
    "apt-get -s install curl",
    "apt-get install --simulate curl",
    "apt-get install --just-print curl",
    "apt-get install --recon curl",
    "apt-get install --no-act curl",
  ])("take %j for installing nothing", (install) => {
    expect(linesOf("apt-assume-yes", apt(install, ""))).toEqual([]);
    expect(linesOf("apt-lists-cleaned", apt(install, ""))).toEqual([]);
    expect(linesOf("apt-no-install-recommends", apt(install, ""))).toEqual([]);
  });

  it("still judge an install whose options only look like a simulation", () => {
    expect(linesOf("apt-assume-yes", apt("apt-get install --simulate=false curl"))).toEqual([2]);
    expect(linesOf("apt-lists-cleaned", apt("apt-get install -y --no-install-recommends sysstat", ""))).toEqual([2]);
  });

  it("take a variable set from an unknown value for unknown, not for empty", () => {
    expect(linesOf("apt-assume-yes", "FROM debian:trixie\nARG FLAGS\nENV APT_FLAGS=$FLAGS\nRUN apt-get update && apt-get install $APT_FLAGS curl\n")).toEqual([]);
    expect(linesOf("apt-assume-yes", "FROM debian:trixie\nARG FLAGS\nRUN APT_FLAGS=$FLAGS; apt-get update && apt-get install $APT_FLAGS curl\n")).toEqual([]);
    expect(linesOf("apt-assume-yes", apt("FLAGS=$(cat /etc/apt-flags) && apt-get install $FLAGS curl"))).toEqual([]);
    expect(linesOf("apt-assume-yes", "FROM debian:trixie\nENV APT_FLAGS=-y\nRUN apt-get update && apt-get install $APT_FLAGS curl\n")).toEqual([]);
  });

  it("still report what a known value leaves out", () => {
    expect(linesOf("apt-assume-yes", "FROM debian:trixie\nENV APT_FLAGS=--quiet\nRUN apt-get update && apt-get install $APT_FLAGS curl\n")).toEqual([3]);
    expect(linesOf("apt-assume-yes", "FROM debian:trixie\nARG FLAGS=--quiet\nENV APT_FLAGS=$FLAGS\nRUN apt-get update && apt-get install $APT_FLAGS curl\n")).toEqual([4]);
    expect(linesOf("apt-assume-yes", apt("FLAGS=--quiet && apt-get install $FLAGS curl"))).toEqual([2]);
  });
});

describe("apt-no-install-recommends", () => {
  it.each([
    "apt-get install -y --no-install-recommends curl",
    "apt-get --no-install-recommends -y install curl",
    "apt-get -o APT::Install-Recommends=false install -y curl",
    "apt-get install -y --install-recommends=false curl",
    "aptitude install -y -R curl",
    "apt-get install -y $FLAGS curl",
    "apt-get install -f -y",
  ])("accepts %j", (install) => {
    expect(linesOf("apt-no-install-recommends", apt(install))).toEqual([]);
  });

  it("reports each install without it, on the install's own line", () => {
    const dockerfile = "FROM debian:trixie\nRUN apt-get update \\\n && apt-get install -y curl \\\n && apt-get install -y --no-install-recommends wget \\\n && apt install -y git\n";
    expect(linesOf("apt-no-install-recommends", dockerfile)).toEqual([3, 5]);
  });
});

describe("apt-lists-cleaned", () => {
  it.each([
    apt("apt-get install -y curl"),
    apt("apt-get install -y curl", " && rm -r /var/lib/apt/lists"),
    apt("apt-get install -y curl", " && apt-get clean && rm -rf /var/lib/apt/lists/* /tmp/*"),
    apt("apt-get install -y curl", " && apt-get distclean"),
    apt("apt-get install -y curl", " && rm -rf /var/lib/apt"),
    apt("apt-get install -y curl", " && rm -rf /var/lib/apt/"),
    apt("apt-get install -y curl", " && rm -fr /var/lib/apt/*"),
    apt("apt-get install -y curl", " && find /var/lib/apt -delete"),
    "FROM debian:trixie\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n",
    "FROM debian:trixie\nRUN --mount=type=cache,dst=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n",
    "FROM debian:trixie AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:trixie\nCOPY --from=build /usr/bin/gcc /usr/bin/\n",
  ])("accepts %j", (dockerfile) => {
    expect(linesOf("apt-lists-cleaned", dockerfile)).toEqual([]);
  });

  it.each([" && rm -rf /var/lib/aptitude", " && rm -rf /var/cache/apt", " && rm /var/lib/apt", " && rm -rf /var/lib/ap*", " && apt-get clean"])("reports the look-alike cleanup %j", (clean) => {
    expect(linesOf("apt-lists-cleaned", apt("apt-get install -y curl", clean))).toEqual([2]);
  });

  it("reports a cache mount elsewhere than the lists", () => {
    expect(linesOf("apt-lists-cleaned", "FROM debian:trixie\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n")).toEqual([2]);
  });

  it("reports lists removed in another RUN, or before the install", () => {
    expect(linesOf("apt-lists-cleaned", apt("apt-get install -y curl", "\nRUN rm -rf /var/lib/apt/lists/*"))).toEqual([2]);
    expect(linesOf("apt-lists-cleaned", "FROM debian:trixie\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl\n")).toEqual([2]);
  });

  it("checks the stages the final image builds on", () => {
    const dockerfile = 'FROM debian:trixie AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nCMD ["curl"]\n';
    expect(linesOf("apt-lists-cleaned", dockerfile)).toEqual([2]);
  });
});

describe("apt-no-upgrade", () => {
  it.each(["upgrade", "dist-upgrade", "full-upgrade"])("reports apt-get %s", (sub) => {
    expect(linesOf("apt-no-upgrade", `FROM debian:trixie\nRUN apt-get update && apt-get -y ${sub}\n`)).toEqual([2]);
  });

  it("accepts installing a package named like a sub-command", () => {
    expect(linesOf("apt-no-upgrade", apt("apt-get install -y unattended-upgrades"))).toEqual([]);
  });
});

describe("packages-sorted", () => {
  it.each([
    apt("apt-get install -y apache2 ca-certificates php php-mysql"),
    apt("apt-get install -y curl"),
    apt("apt-get install -y $PACKAGES"),
    apt("cat list.txt | xargs apt-get install -y zlib1g"),
    "FROM debian:trixie\nARG PKGS='a b c'\nRUN apt-get update && apt-get install -y $PKGS\n",
  ])("accepts %j", (dockerfile) => {
    expect(linesOf("packages-sorted", dockerfile)).toEqual([]);
  });

  it("points at the first package out of order and gives the sorted list", () => {
    const dockerfile = "FROM debian:trixie\nRUN apt-get update && apt-get install -y \\\n  b \\\n  c \\\n  a\n";
    expect(linesOf("packages-sorted", dockerfile)).toEqual([5]);
    expect(messageOf("packages-sorted", dockerfile)).toContain("(a comes after c)");
    expect(messageOf("packages-sorted", dockerfile)).toContain(": a b c");
  });

  it.each([
    apt("apt-get install -y 'php8.*' curl"),
    apt("apt-get install -y apache2-utils lib*-dev curl"),
    "FROM debian:trixie\nARG WEB=apache2\nRUN apt-get update && apt-get install -y curl $WEB\n",
    apt("apt-get install -y curl $EXTRA apache2-utils", "").replace("apache2-utils", "zip"),
  ])("judges only the names written out in %j", (dockerfile) => {
    expect(linesOf("packages-sorted", dockerfile)).toEqual([]);
  });

  it("judges the names written out around an unknown variable", () => {
    expect(linesOf("packages-sorted", apt("apt-get install -y curl $EXTRA apache2"))).toEqual([2]);
    expect(messageOf("packages-sorted", apt("apt-get install -y curl $EXTRA apache2"))).toContain("(apache2 comes after curl)");
    expect(linesOf("packages-sorted", apt("apt-get install -y zip 'php8.*' curl"))).toEqual([2]);
  });

  it("reads the list an ARG gives", () => {
    expect(linesOf("packages-sorted", "FROM debian:trixie\nARG PKGS='b a'\nRUN apt-get update && apt-get install -y $PKGS\n")).toEqual([3]);
  });
});

describe("no-sudo", () => {
  it.each([
    "RUN apt-get update && apt-get install -y sudo",
    "RUN echo 'sudo is not needed' > /etc/motd",
    "RUN cat <<EOF > /etc/sudoers.d/app\nsudo ALL=(ALL) NOPASSWD: ALL\nEOF",
    "RUN useradd -G sudo app",
    'RUN echo "$(echo sudo)" $((1 << 2))',
    "RUN case $(id -un) in (sudo) echo named sudo;; esac",
    "RUN for sudo in a b; do echo $sudo; done",
  ])("accepts %j", (run) => {
    expect(linesOf("no-sudo", `FROM debian:trixie\n${run}\n`)).toEqual([]);
  });

  it.each([
    "RUN sudo apt-get update",
    "RUN mkdir /x && /usr/bin/sudo chown app /x",
    "RUN env DEBIAN_FRONTEND=noninteractive sudo apt-get update",
    `RUN bash -c "sudo mkdir /x"`,
    `RUN ["sudo", "mkdir", "/x"]`,
    "RUN <<EOF\nsudo mkdir /x\nEOF",
    "RUN echo $(sudo id -u)",
    "RUN UID_NOW=`sudo id -u` && echo $UID_NOW",
    'RUN echo "root is $(sudo -n true && echo ok)"',
    "RUN cp a.conf $(sudo -u app mktemp)",
  ])("reports %j", (run) => {
    expect(linesOf("no-sudo", `FROM debian:trixie\n${run}\n`)).toEqual([2]);
  });
});

describe("no-tool-impostors", () => {
  it.each([
    "RUN apt-get update && apt-get install -y --no-install-recommends apache2 mariadb-server",
    "RUN cp /etc/apache2/apache2.conf /tmp/apache2.conf.orig",
    "COPY start.sh /usr/local/bin/start-wordpress",
    "RUN ln -s /usr/share/wordpress /var/www/html/wordpress",
    "RUN echo ok > /tmp/apache2",
  ])("accepts %j", (line) => {
    expect(linesOf("no-tool-impostors", `FROM debian:trixie\n${line}\n`)).toEqual([]);
  });

  it.each([
    "RUN cp /usr/bin/perl /usr/sbin/apache2",
    "RUN cp /bin/sleep /usr/local/bin/mariadbd",
    "RUN printf '#!/bin/sh\\nexit 0\\n' > /usr/local/bin/apt-get && chmod +x /usr/local/bin/apt-get",
    "COPY fake-mariadb /usr/local/bin/mariadb",
    "COPY dpkg-query /usr/local/bin/",
    "RUN ln -sf /bin/true /usr/local/bin/wget",
    "RUN echo 'echo ii mariadb-server' | tee /usr/local/bin/dpkg-query",
  ])("reports %j", (line) => {
    expect(linesOf("no-tool-impostors", `FROM debian:trixie\n${line}\n`)).toEqual([2]);
  });

  it("says which program is replaced and why it cannot pass", () => {
    const message = messageOf("no-tool-impostors", "FROM debian:trixie\nRUN cp /bin/sleep /usr/local/bin/mariadbd\n");
    expect(message).toContain("writes /usr/local/bin/mariadbd, in place of the program of that name");
    expect(message).toContain("cannot pass a check");
  });
});

describe("archive-removed", () => {
  it.each([
    "RUN cd /tmp && wget -q https://wordpress.org/latest.zip && unzip -q latest.zip -d /srv && rm latest.zip",
    "RUN wget -qO /tmp/wp.tar.gz https://wordpress.org/latest.tar.gz && tar -xzf /tmp/wp.tar.gz -C /srv && rm -f /tmp/*.tar.gz",
    "RUN mkdir /tmp/wp && curl -fsSL -o /tmp/wp/latest.zip https://wordpress.org/latest.zip && unzip /tmp/wp/latest.zip -d /srv && rm -rf /tmp/wp",
    "RUN wget -qO- https://wordpress.org/latest.tar.gz | tar -xz -C /srv",
    "RUN wget -q https://example.org/install.sh && sh install.sh",
  ])("accepts %j", (run) => {
    expect(linesOf("archive-removed", `FROM debian:trixie\n${run}\n`)).toEqual([]);
  });

  it("reports an archive kept by its layer, and says when a later RUN only hides it", () => {
    expect(linesOf("archive-removed", "FROM debian:trixie\nRUN wget -q https://wordpress.org/latest.zip && unzip -q latest.zip\n")).toEqual([2]);
    const later = "FROM debian:trixie\nRUN cd /tmp \\\n && wget -q https://wordpress.org/latest.zip \\\n && unzip -q latest.zip -d /srv\nRUN rm /tmp/latest.zip\n";
    expect(linesOf("archive-removed", later)).toEqual([3]);
    expect(messageOf("archive-removed", later)).toContain("deleted only by the RUN on line 5: this layer keeps it");
  });

  it("does not judge a helper stage, whose layers are not shipped", () => {
    const multi = "FROM debian:trixie AS fetch\nRUN wget -q https://wordpress.org/latest.zip\nFROM debian:trixie\nCOPY --from=fetch /latest.zip /srv/\n";
    expect(linesOf("archive-removed", multi)).toEqual([]);
  });
});

describe("no-add-url", () => {
  it("reports ADD of a URL in the final image only", () => {
    expect(linesOf("no-add-url", "FROM debian:trixie\nADD https://wordpress.org/latest.zip /tmp/\n")).toEqual([2]);
    expect(linesOf("no-add-url", "FROM debian:trixie\nADD site.tar.gz /srv/\nCOPY conf /etc/app\n")).toEqual([]);
    expect(linesOf("no-add-url", "FROM debian:trixie AS fetch\nADD https://wordpress.org/latest.zip /tmp/\nFROM debian:trixie\n")).toEqual([]);
  });
});

describe("run-cd-alone", () => {
  it.each(["RUN cd /tmp && wget https://example.org/x.zip", "RUN cd /tmp; make", "WORKDIR /tmp"])("accepts %j", (line) => {
    expect(linesOf("run-cd-alone", `FROM debian:trixie\n${line}\n`)).toEqual([]);
  });

  it("reports a RUN whose only commands, inside a loop or around a substitution, change directory", () => {
    expect(linesOf("run-cd-alone", "FROM debian:trixie\nRUN for d in /srv /opt; do cd $d; done\n")).toEqual([2]);
    expect(linesOf("run-cd-alone", "FROM debian:trixie\nRUN cd $(mktemp -d)\n")).toEqual([2]);
    expect(linesOf("run-cd-alone", "FROM debian:trixie\nRUN for d in /srv /opt; do cd $d && make; done\n")).toEqual([]);
  });

  it("reports a RUN that only changes directory", () => {
    expect(linesOf("run-cd-alone", "FROM debian:trixie\nRUN cd /var/www \\\n && cd html\n")).toEqual([2]);
    expect(messageOf("run-cd-alone", "FROM debian:trixie\nRUN cd /var/www\n")).toContain("RUN cd /var/www && …");
  });
});

describe("workdir-single-use", () => {
  it.each([
    "WORKDIR /app\nRUN make\nCOPY . .",
    "WORKDIR /app\nRUN make\nRUN make install",
    "WORKDIR /app\nRUN make\nWORKDIR sub",
    "WORKDIR /app\nCOPY . .\nRUN make\nWORKDIR /",
    "WORKDIR /app\nRUN make",
  ])("accepts %j", (lines) => {
    expect(linesOf("workdir-single-use", `FROM debian:trixie\n${lines}\n`)).toEqual([]);
  });

  it("says that WORKDIR creates a folder a later instruction needs, and keeps it created", () => {
    const dockerfile = 'FROM debian:trixie\nWORKDIR /app\nRUN echo hello > greeting.txt\nWORKDIR /\nCMD ["cat", "/app/greeting.txt"]\n';
    expect(linesOf("workdir-single-use", dockerfile)).toEqual([2]);
    const message = messageOf("workdir-single-use", dockerfile);
    expect(message).toContain("WORKDIR also creates /app");
    expect(message).toContain("line 5 (CMD) needs it");
    expect(message).toContain("RUN mkdir -p /app && cd /app && …");
    expect(message).not.toContain("Drop this WORKDIR");
  });

  it("does not count instructions that create the folder themselves as needing it", () => {
    for (const later of ["COPY site.conf /app/", "WORKDIR /app/sub", "VOLUME /app"]) {
      const message = messageOf("workdir-single-use", `FROM debian:trixie\nWORKDIR /app\nRUN make\nWORKDIR /\n${later}\n`);
      expect(message).toContain("RUN mkdir -p /app && cd /app && …");
      expect(message).not.toContain("needs it");
    }
    expect(messageOf("workdir-single-use", "FROM debian:trixie\nWORKDIR /app\nRUN make\nWORKDIR /\nRUN ls /app/bin\n")).toContain("line 5 (RUN) needs it");
  });

  it("gives mkdir -p for a folder the base image may lack, and a plain cd for one it has", () => {
    expect(messageOf("workdir-single-use", "FROM debian:trixie\nWORKDIR /build\nRUN make\nWORKDIR /\n")).toContain("RUN mkdir -p /build && cd /build && …");
    expect(messageOf("workdir-single-use", "FROM debian:trixie\nWORKDIR /build\nRUN make\nWORKDIR /\n")).not.toContain("needs it");
    const inTmp = messageOf("workdir-single-use", 'FROM debian:trixie\nWORKDIR /tmp\nRUN make\nWORKDIR /\nCMD ["ls", "/tmp"]\n');
    expect(inTmp).toContain("Drop this WORKDIR and change directory inside that RUN: RUN cd /tmp && …");
    expect(inTmp).not.toContain("mkdir");
  });

  it("reports the WORKDIR that serves one RUN, in any stage", () => {
    expect(linesOf("workdir-single-use", 'FROM debian:trixie AS a\nWORKDIR /tmp\nRUN make\nWORKDIR /\nFROM debian:trixie\nCMD ["true"]\n')).toEqual([2]);
  });
});

describe("consecutive-run", () => {
  it.each(["RUN a\nENV X=1\nRUN b", "RUN a\n# a comment does not join them\n\nCOPY x /x\nRUN b", "RUN a\nRUN --mount=type=cache,target=/root/.cache b", "RUN a\nFROM debian:trixie\nRUN b"])(
    "accepts %j",
    (lines) => {
      expect(linesOf("consecutive-run", `FROM debian:trixie\n${lines}\n`)).toEqual([]);
    },
  );

  it("reports every RUN that follows a RUN, across comments and blank lines", () => {
    expect(linesOf("consecutive-run", "FROM debian:trixie\nRUN a\n\n# then\nRUN b\nRUN c\n")).toEqual([5, 6]);
  });
});

describe("copy-not-add", () => {
  it.each([
    "ADD https://wordpress.org/latest.zip /tmp/",
    "ADD wordpress.tar.gz /var/www/html/",
    "ADD rootfs.tar.xz /",
    "ADD app.tgz /srv/",
    "ADD git@github.com:moby/buildkit.git /src",
    "ADD --checksum=sha256:0123 https://example.org/a /a",
    "ADD conf/* /etc/app/",
    "ADD $UNKNOWN /x",
    "ADD <<EOF /etc/motd\nhello\nEOF",
    "COPY site.conf /etc/apache2/sites-available/",
  ])("accepts %j", (line) => {
    expect(linesOf("copy-not-add", `FROM debian:trixie\n${line}\n`)).toEqual([]);
  });

  it.each(["ADD site.conf /etc/apache2/", "ADD . /app", 'ADD ["index.php", "/var/www/html/"]', "ADD wordpress.zip /tmp/", "ADD --chown=www-data:www-data html /var/www/html"])("reports %j", (line) => {
    expect(linesOf("copy-not-add", `FROM debian:trixie\n${line}\n`)).toEqual([2]);
  });
});

describe("debian-frontend-env", () => {
  it.each(["RUN DEBIAN_FRONTEND=noninteractive apt-get update", "ARG DEBIAN_FRONTEND=noninteractive", "ENV LANG=C.UTF-8"])("accepts %j", (line) => {
    expect(linesOf("debian-frontend-env", `FROM debian:trixie\n${line}\n`)).toEqual([]);
  });

  it("reports both ENV forms, in the stages the image is made of", () => {
    expect(linesOf("debian-frontend-env", "FROM debian:trixie\nENV LANG=C DEBIAN_FRONTEND=noninteractive\nENV DEBIAN_FRONTEND noninteractive\n")).toEqual([2, 3]);
    expect(linesOf("debian-frontend-env", "FROM debian:trixie AS build\nENV DEBIAN_FRONTEND=noninteractive\nFROM debian:trixie\n")).toEqual([]);
    expect(linesOf("debian-frontend-env", "FROM debian:trixie AS base\nENV DEBIAN_FRONTEND=noninteractive\nFROM base\n")).toEqual([2]);
  });
});

describe("exec-form-cmd", () => {
  it.each(['CMD ["apache2ctl", "-D", "FOREGROUND"]', 'ENTRYPOINT ["/entrypoint.sh"]', 'CMD ["bash", "-c", "a && b"]'])("accepts %j", (line) => {
    expect(linesOf("exec-form-cmd", `FROM debian:trixie\n${line}\n`)).toEqual([]);
  });

  it("reports shell-form CMD and ENTRYPOINT of the final image only", () => {
    expect(linesOf("exec-form-cmd", "FROM debian:trixie\nENTRYPOINT /entrypoint.sh\nCMD apache2ctl -D FOREGROUND\n")).toEqual([2, 3]);
    expect(linesOf("exec-form-cmd", 'FROM debian:trixie AS tools\nCMD make\nFROM debian:trixie\nCMD ["true"]\n')).toEqual([]);
    expect(messageOf("exec-form-cmd", "FROM debian:trixie\nENTRYPOINT /entrypoint.sh\n")).toContain("ignores the arguments given to docker run");
  });
});

describe("the score", () => {
  it("takes 20 per error, 10 per warning and 5 per info, down to 0", () => {
    const dockerfile = "FROM debian:trixie\nRUN apt-get update\nRUN sudo true\nRUN true\n";
    expect(lintDockerfile(parseDockerfile(dockerfile), ["apt-update-with-install", "no-sudo", "consecutive-run"]).score).toBe(100 - 20 - 20 - 5 - 5);
    expect(lintDockerfile(parseDockerfile("FROM debian:trixie\n" + "RUN sudo true\n".repeat(8)), ["no-sudo"]).score).toBe(0);
  });

  it("runs only the listed rules and puts required findings first", () => {
    const dockerfile = "FROM debian\nMAINTAINER me\nCMD true\n";
    const report = lintDockerfile(parseDockerfile(dockerfile), ["exec-form-cmd"], ["from-explicit-tag"]);
    expect(report.rulesRun).toEqual(["from-explicit-tag", "exec-form-cmd"]);
    expect(report.findings.map((f) => [f.rule, f.severity, f.line])).toEqual([
      ["exec-form-cmd", "required", 3],
      ["from-explicit-tag", "advice", 1],
    ]);
  });
});
