import { describe, expect, it } from "vitest";
import { chunkInput, commandForTerminal } from "./terminal-input";

describe("commandForTerminal", () => {
  it("types a command with Enter", () => {
    expect(commandForTerminal("docker build -t mon_image_wordpress .\n")).toBe("docker build -t mon_image_wordpress .\r");
  });

  it("keeps continuation lines together and sends every line", () => {
    expect(commandForTerminal("docker run -d \\\n  -p 80:80 img\ndocker ps")).toBe("docker run -d \\\r  -p 80:80 img\rdocker ps\r");
  });

  it("drops prompts and the sample output between commands", () => {
    expect(commandForTerminal("$ docker ps\nCONTAINER ID   IMAGE\n$ docker images\n")).toBe("docker ps\rdocker images\r");
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
