import { useState } from "preact/hooks";

/** Cursor paging over a list: the cursors of the pages walked so far, so Previous goes back one. */
export interface CursorPages {
  /** The current page's cursor (undefined: the first page). */
  cursor: string | undefined;
  /** Back to the first page: a filter changed. */
  reset: () => void;
  previous: (() => void) | null;
  next: (nextCursor: string) => void;
}

/** Keeps the stack of cursors a list was paged through. */
export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    cursor: cursors[cursors.length - 1],
    reset: () => setCursors([]),
    previous: cursors.length > 0 ? () => setCursors(cursors.slice(0, -1)) : null,
    next: (nextCursor) => setCursors([...cursors, nextCursor]),
  };
}

/** Previous and Next buttons, each shown only when there is a page that way. */
export function Pager({
  pages,
  nextCursor,
}: {
  pages: CursorPages;
  nextCursor: string | null | undefined;
}) {
  return (
    <div class="actions">
      {pages.previous && (
        <button type="button" onClick={pages.previous}>
          Previous page
        </button>
      )}
      {nextCursor && (
        <button type="button" onClick={() => pages.next(nextCursor)}>
          Next page
        </button>
      )}
    </div>
  );
}
