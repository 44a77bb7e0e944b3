export * from "./students";
export * from "./check-runs";
export * from "./accounts";
export * from "./auth-sessions";
export * from "./password-resets";
export * from "./classes";
export * from "./class-progress";
export * from "./api-tokens";
