// Renders the app's index.html for one user: fills `{{name}}` slots with escaped values, so the
// script tag's data- attributes carry this browser's user id and traits.
import { readFile } from 'node:fs/promises'
import { account } from './population.mjs'

/**
 * Every demo user's account: the seed's first simulated company (`npm run seed` gives it two
 * members, sim-000 and sim-001), so the demo user has teammates in the dashboard's worklist.
 */
export const DEMO_ACCOUNT = account(0)

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Safe in text and in quoted attribute values alike. */
export const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => ENTITIES[c])

/** What the page says about the user; `traits` is what Milepost's audience and start day read. */
export const pageValues = ({ userId, signedUpAt }, plan) => {
  const signedUp = new Date(signedUpAt)
  return {
    userId,
    traits: JSON.stringify({ signedUpAt: signedUp.toISOString(), plan, accountValue: DEMO_ACCOUNT.traits.value }),
    accountId: DEMO_ACCOUNT.id,
    accountTraits: JSON.stringify(DEMO_ACCOUNT.traits),
    accountName: DEMO_ACCOUNT.traits.name,
    plan,
    signedUp: signedUp.toISOString(),
  }
}

/**
 * Reads the template on every request (the demo is for tinkering: an edit shows on reload).
 * An unknown slot is a bug in the template, so it throws rather than ship `{{typo}}`.
 */
export const renderPage = async (templateFile, values) => {
  const template = await readFile(templateFile, 'utf8')
  return template.replace(/\{\{(\w+)\}\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`${templateFile}: no value for {{${name}}}`)
    return escapeHtml(values[name])
  })
}
