// What the generated types must refuse: make client-check expects tsc to reject each line below
// with the error named beside it, and fails if this file compiles.
import type { FeedQuery, ProblemCode } from "./sample";

// TS2820, Type '"answred"' is not assignable
export const misspelt: FeedQuery = { platform_id: "sx-04", status: "answred" };

// TS2322, Type 'string' is not assignable to type 'number'
export const limitAsText: FeedQuery = { platform_id: "sx-04", limit: "10" };

// TS2820, Type '"too_shrot"' is not assignable
export const unknownProblem: ProblemCode = "too_shrot";

// TS2820, Type '"anwser"' is not assignable
export const misspeltKind: import("./generated/api").components["schemas"]["NotificationKind"] =
  "anwser";
