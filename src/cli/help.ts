// Usage texts: `milepost --help`, `milepost validate --help`, `milepost simulate --help`, `milepost watch --help`.

export const HELP = `milepost: check, simulate and watch Milepost onboarding journeys

Usage:
  milepost validate <journey.json>... [--previous live.json] [--strict] [--format text|json]
  milepost simulate <journey.json> [--traits JSON] [--events FILE] [--days N] [--from N] [--start DATE] [--format text|json]
  milepost watch <journey.json>... [--database-url URL] [--every SECONDS] [--once] [--webhook URL]
  milepost help [validate|simulate|watch]

Commands:
  validate   every issue as file:line:column path: message, then a summary line
  simulate   a day-by-day table of what one user would see: statuses, nudge cards, escalations
  watch      the server watch on your PostgreSQL: escalates users who stall and never come back
             (milepost watch --help)

Exit codes: 0 valid, 1 the journey has errors, 2 the command line or an input file is wrong.
More: https://github.com/milepost-dev/milepost/blob/main/docs/cli.md
`

export const VALIDATE_HELP = `Usage: milepost validate <journey.json>... [--previous live.json] [--strict] [--format text|json]

Checks each journey file as the browser reads it and prints every issue:
  journey.json:12:18 milestones[1].steps[0].title: expected a string of 1 to 1000 characters, got null
  journey.json:20:7 milestones[1].dependOn: unknown field "dependOn" (did you mean "dependsOn"?)
  journey.json:31:7 milestones[2].notes: warning: unknown field "notes"
  journey.json: 2 errors, 1 warning
A valid file's summary lists its manual steps (no completeWhen: done when the user ticks them).

Options:
  --previous <file>    the journey users are on now: warns about each change that reopens or
                       turns red what they have (a required step added to a milestone, a due
                       moved earlier, a new journey id or day 0)
  --strict             warnings fail too (exit 1): for CI
  --format text|json   json: { valid, files: [{ file, valid, issues: [{ severity, path, message, line, column }], manualSteps }] }
  -h, --help           this help

Exit codes: 0 every file valid (warnings allowed without --strict), 1 a file has errors or is not JSON, 2 usage or unreadable file.
`

export const SIMULATE_HELP = `Usage: milepost simulate <journey.json> [options]

Evaluates the journey once a day, with the same engine as the browser, for one user.

Options:
  --traits JSON        the user's traits, e.g. '{"plan":"pro","signedUpAt":"2026-11-02T09:00:00Z"}'
  --events FILE        what the user does: one JSON event per line, e.g.
                       {"day": 2, "type": "track", "name": "report.created"}
                       {"day": 3.5, "type": "complete", "stepId": "invite-teammate"}
  --days N             simulate day 0 to day N (default 14, at most 3650)
  --from N             print rows from day N on (default 0); earlier days still count
  --start DATE         day 0 when the journey's start trait is not given (default 2026-01-01T00:00:00Z)
  --format text|json   text: a table per day; json: the same for scripts
  -h, --help           this help

Day N is evaluated at exactly N × 24 h after day 0. A card shown counts for maxShows and
everyDays on later days; an escalation fires on the day its level is due, once.
Exit codes: 0 done, 1 the journey has errors, 2 usage or an input is wrong.
`

/** `milepost watch --help` (and `milepost help watch`): here, not in watch.ts, which loads the server code. */
export const WATCH_HELP = `Usage: milepost watch <journey.json>... [options]

Escalates users whose ladder levels fall due, on time and once each, on the PostgreSQL database your
sync endpoint writes (the tables in docs/sync-protocol.md). Several processes may watch one database.
Each notice is written to the outbox and printed to standard output as one JSON line.

Options:
  --database-url URL   default: $DATABASE_URL
  --every SECONDS      how often to look, default 60
  --once               look once, print "checked N, escalations M" to stderr, and exit
  --webhook URL        also post the outbox there (default: $ESCALATION_WEBHOOK_URL; signed with
                       $ESCALATION_WEBHOOK_SECRET, a whsec_… secret, when set; several,
                       space-separated, sign with each while one is rotated)
  -h, --help           this help

Exit codes: 0 stopped (SIGINT/SIGTERM) or --once done, 1 --once could not use the database (unreachable,
refused; the tables are made when missing), 2 the command line, a journey file or the database URL is
wrong, or the pg package is not installed (npm install pg).
More: docs/watch.md in the Milepost repository.
`
