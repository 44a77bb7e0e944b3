/** `http` (dynamic): a published port answers over HTTP with the status and body asked. */
import { z } from "zod";
import { baseFields } from "../spec-fields";

export const httpSpec = z.object({
  ...baseFields,
  kind: z.literal("http"),
  port: z.number().int().min(1).max(65535).describe("Port published on the sandbox host"),
  path: z.string().default("/").describe("Path asked, e.g. /wp-admin/"),
  followRedirects: z.number().int().min(0).default(5).describe("Most redirects followed before the final answer"),
  expectStatus: z.array(z.number().int()).default([200]).describe("Accepted final status codes"),
  bodyPattern: z.string().optional().describe("Regex the final body must match"),
  rejectBodyPattern: z.string().optional().describe("Regex the final body must not match"),
  timeoutSeconds: z.number().positive().default(30).describe("Retries until then"),
});
