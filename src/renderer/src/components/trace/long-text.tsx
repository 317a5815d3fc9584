import { useState } from 'react'

/** Characters put on the page at first and per "Show more": a huge text in one node stalls layout. */
export const TEXT_STEP = 64 * 1024

/** Text in a scroll box, `TEXT_STEP` characters at a time. */
export function LongText({ text, testId }: { text: string; testId?: string }) {
  const [shown, setShown] = useState(TEXT_STEP)
  const more = text.length > shown
  return (
    <>
      <pre className="json" data-testid={testId}>
        {more ? text.slice(0, shown) : text}
      </pre>
      {more && (
        <button
          type="button"
          className="link"
          data-testid={testId && `${testId}-more`}
          onClick={() => setShown((n) => n + 4 * TEXT_STEP)}
        >
          Show more ({shown.toLocaleString('en-US')} of {text.length.toLocaleString('en-US')} characters shown)
        </button>
      )}
    </>
  )
}
