/** The `dockerfile-lint` judge lives in kinds/dockerfile-lint/judge.ts; this path stays for app/ tests that import it. */
export { judgeDockerfileLint } from "../kinds/dockerfile-lint/judge";
