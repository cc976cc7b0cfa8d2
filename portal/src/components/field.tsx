import type { ComponentChildren } from "preact";
import type { ApiError } from "../api";

let nextId = 0;

/** A stable id for a label/control pair. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

interface FieldProps {
  id: string;
  label: string;
  /** The API field name whose errors[] entries are shown here. */
  name: string;
  error?: ApiError | null;
  hint?: string;
  children: ComponentChildren;
}

/**
 * A labelled control with its hint and the API's error for that field, tied to the control
 * with aria-describedby so a screen reader reads the error with the field.
 */
export function Field({ id, label, name, error, hint, children }: FieldProps) {
  const message = error?.forField(name);
  return (
    <div class={message ? "field invalid" : "field"}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {message && (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {message}
        </p>
      )}
    </div>
  );
}

/** aria attributes for a control inside Field. */
export function describedBy(id: string, error?: ApiError | null, name?: string, hint?: boolean) {
  const ids = [hint ? `${id}-hint` : "", name && error?.forField(name) ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return {
    id,
    "aria-describedby": ids || undefined,
    "aria-invalid": name && error?.forField(name) ? ("true" as const) : undefined,
  };
}

/** The request's overall error, announced; field errors are listed next to their fields. */
export function FormError({
  error,
  title = "Not saved",
}: {
  error: ApiError | Error | null;
  title?: string;
}) {
  if (!error) return null;
  return (
    <div class="alert error" role="alert">
      <strong>{title}: </strong>
      {error.message}
    </div>
  );
}
