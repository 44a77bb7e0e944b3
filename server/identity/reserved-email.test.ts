import { describe, expect, it } from "vitest";
import { ltiAccountEmail } from "../lti/launch-session";
import { shownEmail } from "./reserved-email";

describe("shownEmail", () => {
  it("hides the placeholder address an LMS launch gives its accounts, and only that", () => {
    const platform = { id: "platform-1", issuer: "https://lms.example.edu" } as Parameters<typeof ltiAccountEmail>[0];
    expect(shownEmail(ltiAccountEmail(platform, "learner-1"))).toBeNull();
    expect(shownEmail("learner@example.org")).toBe("learner@example.org");
    expect(shownEmail("someone@invalid.example.org")).toBe("someone@invalid.example.org");
    expect(shownEmail(null)).toBeNull();
  });
});
