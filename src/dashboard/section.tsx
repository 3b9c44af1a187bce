// One figure's block: a heading, what it counts, its CSV download, then the chart and the table.
import type { ComponentChildren } from 'preact'

export const Section = ({ id, title, about, csv, children }: {
  id: string
  title: string
  about: string
  csv: string
  children: ComponentChildren
}) => (
  <section class="figure" aria-labelledby={`${id}-h`} id={id}>
    <header>
      <h2 id={`${id}-h`}>{title}</h2>
      <a class="csv" href={csv} download>Download CSV<span class="sr"> of {title.toLowerCase()}</span></a>
    </header>
    <p class="about">{about}</p>
    {children}
  </section>
)
