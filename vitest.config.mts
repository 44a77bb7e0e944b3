import { defineConfig } from "vitest/config";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ContentTestsFirstSequencer } from "./vitest.sequencer.mts";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    sequence: { sequencer: ContentTestsFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{server,lib,app}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/*.host.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{server,lib,lessons}/**/*.int.test.ts"],
          environment: "node",
          testTimeout: 15 * 60_000,
          hookTimeout: 15 * 60_000,
          // Two files at a time: each has its own learner engine (unique student ids), and most of
          // a content test is waiting (services starting, stays-up watches), not CPU.
          fileParallelism: true,
          maxWorkers: Number(process.env.WB_INTEGRATION_WORKERS ?? 2),
        },
      },
      {
        extends: true,
        test: {
          // Tests that change the host itself (a device's mode): alone, one file at a time.
          name: "host",
          include: ["server/**/*.host.test.ts"],
          environment: "node",
          testTimeout: 5 * 60_000,
          hookTimeout: 5 * 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
