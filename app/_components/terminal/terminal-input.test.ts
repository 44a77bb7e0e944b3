import { describe, expect, it } from "vitest";
import { CLEAR_PROMPT_LINE, chunkInput, commandForTerminal } from "./terminal-input";

const typed = (keys: string) => CLEAR_PROMPT_LINE + keys;

describe("commandForTerminal", () => {
  it("types a command with Enter", () => {
    expect(commandForTerminal("docker build -t mon_image_wordpress .\n")).toBe(typed("docker build -t mon_image_wordpress .\r"));
  });

  it("keeps continuation lines together and sends every line", () => {
    expect(commandForTerminal("docker run -d \\\n  -p 80:80 img\ndocker ps")).toBe(typed("docker run -d \\\r  -p 80:80 img\rdocker ps\r"));
  });

  it("drops prompts and the sample output between commands", () => {
    expect(commandForTerminal("$ docker ps\nCONTAINER ID   IMAGE\n$ docker images\n")).toBe(typed("docker ps\rdocker images\r"));
  });

  it("first empties what the student had half-typed at the prompt (end of line, then erase to its start)", () => {
    expect(CLEAR_PROMPT_LINE).toBe("\x05\x15");
    expect(commandForTerminal("docker ps").startsWith("\x05\x15docker ps")).toBe(true);
  });

  it("sends nothing for an empty block", () => {
    expect(commandForTerminal("\n  \n")).toBe("");
  });
});

describe("chunkInput", () => {
  it("splits long input without cutting a surrogate pair", () => {
    const data = "a".repeat(3) + "😀" + "b".repeat(3);
    const chunks = chunkInput(data, 4);
    expect(chunks.join("")).toBe(data);
    expect(chunks.every((chunk) => chunk.length <= 4)).toBe(true);
    expect(chunks[0]).toBe("aaa");
  });

  it("leaves short input alone", () => {
    expect(chunkInput("ls\r")).toEqual(["ls\r"]);
  });
});
