/**
 * Every message the server and the grader send as a TextRef, by key. Each area keeps its own
 * file (server-texts.ts, grader-texts.ts, …); a key appears in one of them only (the test checks).
 */
import { DOCKERFILE_KIND_TEXTS } from "./dockerfile-kind-texts";
import { GRADER_TEXTS } from "./grader-texts";
import { HTTP_TEXTS } from "./http-texts";
import { LINT_TEXTS } from "./lint-texts";
import { LTI_TEXTS } from "./lti-texts";
import { RUNTIME_KIND_TEXTS } from "./runtime-kind-texts";
import { STACK_KIND_TEXTS } from "./stack-kind-texts";
import { SWARM_KIND_TEXTS } from "./swarm-kind-texts";
import { SERVER_TEXTS } from "./server-texts";
import { TEACHER_TEXTS } from "./teacher-texts";

export const TEXTS = {
  ...SERVER_TEXTS,
  ...GRADER_TEXTS,
  ...LINT_TEXTS,
  ...DOCKERFILE_KIND_TEXTS,
  ...RUNTIME_KIND_TEXTS,
  ...STACK_KIND_TEXTS,
  ...SWARM_KIND_TEXTS,
  ...HTTP_TEXTS,
  ...TEACHER_TEXTS,
  ...LTI_TEXTS,
};
export type TextKey = keyof typeof TEXTS;
/** The catalogs, for the tests that compare them. */
export const TEXT_AREAS = {
  server: SERVER_TEXTS,
  grader: GRADER_TEXTS,
  lint: LINT_TEXTS,
  dockerfileKinds: DOCKERFILE_KIND_TEXTS,
  runtimeKinds: RUNTIME_KIND_TEXTS,
  stackKinds: STACK_KIND_TEXTS,
  swarmKinds: SWARM_KIND_TEXTS,
  http: HTTP_TEXTS,
  teacher: TEACHER_TEXTS,
  lti: LTI_TEXTS,
};
