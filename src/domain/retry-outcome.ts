/**
 * What a webhook's object answers to a retry of one delivery: reopened for an attempt now,
 * refused while an attempt is under way, or not held there (another object, or long ended).
 */
export type RetryOutcome = "reopened" | "sending" | "unknown";
