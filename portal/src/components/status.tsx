import type { DeliveryStatus } from "../types";

// Each status has a word and a symbol as well as a colour: colour is never the only signal.
const SYMBOL: Record<string, string> = {
  succeeded: "✓",
  failed: "✕",
  expired: "⌛",
  pending: "…",
  sending: "↻",
  enabled: "●",
  disabled: "○",
};

/** A status as a labelled badge. */
export function StatusBadge({
  status,
  label,
}: {
  status: DeliveryStatus | "enabled" | "disabled";
  label?: string;
}) {
  return (
    <span class={`badge badge-${status}`}>
      <span aria-hidden="true">{SYMBOL[status]} </span>
      {label ?? status}
    </span>
  );
}
