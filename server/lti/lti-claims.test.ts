import { describe, expect, it } from "vitest";
import { CLAIMS, launchClaimsSchema, mapLtiRoles, parseCustomStep, toLaunch } from "./lti-claims";

const MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#";

const claims = (extra: Record<string, unknown> = {}) => ({
  sub: "user-1",
  given_name: "Ada",
  family_name: "Lovelace",
  [CLAIMS.messageType]: "LtiResourceLinkRequest",
  [CLAIMS.version]: "1.3.0",
  [CLAIMS.deploymentId]: "dep-1",
  [CLAIMS.resourceLink]: { id: "rl-1" },
  [CLAIMS.roles]: [`${MEMBERSHIP}Learner`],
  [CLAIMS.context]: { id: "course-7", title: "Docker 101" },
  [CLAIMS.custom]: { step: "3" },
  [CLAIMS.ags]: { scope: [], lineitems: "https://lms.example/ctx/7/lineitems" },
  ...extra,
});

describe("mapLtiRoles", () => {
  it("makes instructors and administrators teachers", () => {
    expect(mapLtiRoles([`${MEMBERSHIP}Instructor`])).toBe("teacher");
    expect(mapLtiRoles([`${MEMBERSHIP}Administrator`])).toBe("teacher");
    expect(mapLtiRoles(["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"])).toBe("teacher");
  });
  it("makes learners, teaching assistants and unknown roles students", () => {
    expect(mapLtiRoles([`${MEMBERSHIP}Learner`])).toBe("student");
    expect(mapLtiRoles([`${MEMBERSHIP}Instructor#TeachingAssistant`])).toBe("student");
    expect(mapLtiRoles(["http://example.org/role#Instructor"])).toBe("student");
    expect(mapLtiRoles([])).toBe("student");
  });
});

describe("parseCustomStep", () => {
  it("reads a step number and refuses anything else", () => {
    expect(parseCustomStep({ step: "3" })).toBe(3);
    expect(parseCustomStep({ step: 12 })).toBe(12);
    expect(parseCustomStep({ step: "0" })).toBeNull();
    expect(parseCustomStep({ step: "../3" })).toBeNull();
    expect(parseCustomStep(undefined)).toBeNull();
  });
});

describe("launch claims", () => {
  it("reads the context, role, step and grade service of a launch", () => {
    const launch = toLaunch(launchClaimsSchema.parse(claims()));
    expect(launch).toMatchObject({
      sub: "user-1",
      name: "Ada Lovelace",
      role: "student",
      contextId: "course-7",
      contextTitle: "Docker 101",
      step: 3,
      lineItemsUrl: "https://lms.example/ctx/7/lineitems",
    });
  });
  it("refuses another message type, another LTI version and a launch without a course", () => {
    expect(launchClaimsSchema.safeParse(claims({ [CLAIMS.messageType]: "LtiDeepLinkingRequest" })).success).toBe(false);
    expect(launchClaimsSchema.safeParse(claims({ [CLAIMS.version]: "1.1" })).success).toBe(false);
    expect(launchClaimsSchema.safeParse(claims({ [CLAIMS.context]: undefined })).success).toBe(false);
  });
});
