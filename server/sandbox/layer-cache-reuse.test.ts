import { describe, expect, it } from "vitest";
import { mayReuseClassCache } from "./layer-cache-reuse";

// The history of a reference seeded up to its first RUN, as the registry serves it (an imported base, then the RUN).
const cached = ["", "/bin/sh -c apt-get update  && apt-get install -y --no-install-recommends      apache2 php  && rm -rf /var/lib/apt/lists/*"];
const reference = "FROM debian:latest\n\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends \\\n      apache2 php \\\n && rm -rf /var/lib/apt/lists/*\n";

describe("mayReuseClassCache", () => {
  it("says yes for the reference's own lines, whatever the spacing, comments inside the continuation or metadata before the RUN", () => {
    expect(mayReuseClassCache(reference, cached)).toBe(true);
    expect(
      mayReuseClassCache(
        "# step 1\nfrom debian:latest\nENV A=b\nrun apt-get update && apt-get install -y --no-install-recommends apache2 php \\\n# the lists\n  && rm -rf /var/lib/apt/lists/*",
        cached,
      ),
    ).toBe(true);
  });

  it("says no when the first RUN differs from every cached command: nothing after it can come from the cache either", () => {
    expect(
      mayReuseClassCache(
        "FROM debian:latest\nRUN apt-get update && apt-get install -y apache2 php\nRUN apt-get update  && apt-get install -y --no-install-recommends apache2 php && rm -rf /var/lib/apt/lists/*\n",
        cached,
      ),
    ).toBe(false);
    expect(mayReuseClassCache("FROM debian:latest\nRUN echo hello\n", cached)).toBe(false);
  });

  it("says no for a Dockerfile without a costly instruction", () => {
    expect(mayReuseClassCache('FROM debian:latest\nENV A=b\nCMD ["bash"]\n', cached)).toBe(false);
    expect(mayReuseClassCache("", cached)).toBe(false);
  });

  it("says yes when it cannot tell: COPY or ADD first, exec-form RUN, ARG or SHELL before the RUN, another escape character", () => {
    expect(mayReuseClassCache("FROM debian:latest\nCOPY . /src\nRUN echo x\n", cached)).toBe(true);
    expect(mayReuseClassCache("FROM debian:latest\nADD site.tar /srv\n", cached)).toBe(true);
    expect(mayReuseClassCache('FROM debian:latest\nRUN ["apt-get", "update"]\n', cached)).toBe(true);
    expect(mayReuseClassCache("FROM debian:latest\nARG V=1\nRUN echo $V\n", cached)).toBe(true);
    expect(mayReuseClassCache('FROM debian:latest\nSHELL ["/bin/bash", "-c"]\nRUN echo x\n', cached)).toBe(true);
    expect(mayReuseClassCache("# escape=`\nFROM debian:latest\nRUN echo x\n", cached)).toBe(true);
  });

  it("looks at each stage's first costly instruction", () => {
    const twoStages = `FROM debian:latest AS tools\nRUN echo other\n${reference.replace("FROM debian:latest", "FROM debian:latest AS web")}`;
    expect(mayReuseClassCache(twoStages, cached)).toBe(true);
    expect(mayReuseClassCache("FROM debian:latest AS a\nRUN echo one\nFROM debian:latest\nRUN echo two\n", cached)).toBe(false);
  });
});
