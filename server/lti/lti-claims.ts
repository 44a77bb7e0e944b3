/**
 * The LTI 1.3 claims of a resource-link launch's id_token, checked with zod once the signature,
 * issuer, audience and times have been verified (./verify-launch.ts). Pure: no database, no network.
 */
import { z } from "zod";

const CLAIM = "https://purl.imsglobal.org/spec/lti/claim/";
export const CLAIMS = {
  messageType: `${CLAIM}message_type`,
  version: `${CLAIM}version`,
  deploymentId: `${CLAIM}deployment_id`,
  targetLinkUri: `${CLAIM}target_link_uri`,
  resourceLink: `${CLAIM}resource_link`,
  roles: `${CLAIM}roles`,
  context: `${CLAIM}context`,
  custom: `${CLAIM}custom`,
  launchPresentation: `${CLAIM}launch_presentation`,
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
} as const;

export const AGS_SCOPES = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
} as const;

const shortText = (max: number) => z.string().min(1).max(max);

export const launchClaimsSchema = z.object({
  sub: shortText(255),
  name: z.string().max(200).optional(),
  given_name: z.string().max(100).optional(),
  family_name: z.string().max(100).optional(),
  [CLAIMS.messageType]: z.literal("LtiResourceLinkRequest", { error: "This is not a resource-link launch (LtiResourceLinkRequest)." }),
  [CLAIMS.version]: z.literal("1.3.0", { error: "The launch is not LTI version 1.3.0." }),
  [CLAIMS.deploymentId]: shortText(255),
  [CLAIMS.resourceLink]: z.object({ id: shortText(255), title: z.string().max(255).optional() }),
  [CLAIMS.roles]: z.array(z.string().max(255)).max(100),
  [CLAIMS.context]: z.object({ id: shortText(255), title: z.string().max(255).optional(), label: z.string().max(255).optional() }, { error: "The launch names no course (context claim)." }),
  [CLAIMS.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIMS.ags]: z
    .object({
      scope: z.array(z.string()).optional(),
      lineitems: z.url().max(2000).optional(),
      lineitem: z.url().max(2000).optional(),
    })
    .optional(),
});

export type LaunchClaims = z.infer<typeof launchClaimsSchema>;

/** What a launch means to the workbench, read from its claims. */
export interface Launch {
  sub: string;
  name: string;
  role: "teacher" | "student";
  deploymentId: string;
  contextId: string;
  contextTitle: string;
  /** The step named by the resource link's custom parameter `step`, if any. */
  step: number | null;
  lineItemsUrl: string | null;
  lineItemUrl: string | null;
}

const INSTRUCTOR_ROLES = new Set([
  "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  "http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator",
  "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
  "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
  "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor",
]);

/**
 * Instructor or administrator (of the course, the institution or the system) → teacher; anyone
 * else (Learner, or no role we know) → student, the least privileged. Sub-roles
 * (`membership/Instructor#TeachingAssistant`) count as their parent only for Learner's side: a
 * teaching assistant does not run the class.
 */
export function mapLtiRoles(roles: readonly string[]): "teacher" | "student" {
  return roles.some((role) => INSTRUCTOR_ROLES.has(role) || role === "Instructor" || role === "Administrator") ? "teacher" : "student";
}

/** The step number a custom parameter names (`step=3`, or `3`), or null. */
export function parseCustomStep(custom: Record<string, unknown> | undefined): number | null {
  const raw = custom?.step;
  const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
  return /^\d{1,2}$/.test(text) && Number(text) >= 1 ? Number(text) : null;
}

function displayName(claims: LaunchClaims): string {
  const name = claims.name?.trim() || [claims.given_name, claims.family_name].filter(Boolean).join(" ").trim();
  return (name || `LMS user ${claims.sub.slice(0, 8)}`).slice(0, 100);
}

export function toLaunch(claims: LaunchClaims): Launch {
  const context = claims[CLAIMS.context];
  const ags = claims[CLAIMS.ags];
  return {
    sub: claims.sub,
    name: displayName(claims),
    role: mapLtiRoles(claims[CLAIMS.roles]),
    deploymentId: claims[CLAIMS.deploymentId],
    contextId: context.id,
    contextTitle: (context.title || context.label || "LMS course").slice(0, 100),
    step: parseCustomStep(claims[CLAIMS.custom]),
    lineItemsUrl: ags?.lineitems ?? null,
    lineItemUrl: ags?.lineitem ?? null,
  };
}
