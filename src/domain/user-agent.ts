/** The User-Agent of every request Herald makes to a receiver (deliveries and doctor probes). */
export const USER_AGENT = "Herald-Webhooks/0.1.0";
