/** A page whose feature is not built yet: says so plainly, shows no invented data. */
export function ComingPage({ id, title, what }: { id: string; title: string; what: string }) {
  return (
    <section className="page" data-testid={`page-${id}`}>
      <header className="page-header">
        <h1>{title}</h1>
      </header>
      <div className="panel empty-state">
        <p>{what}</p>
        <p className="muted">Not built yet in this version of Keytrail.</p>
      </div>
    </section>
  )
}
