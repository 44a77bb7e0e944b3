export * from "./students";
export * from "./check-runs";
