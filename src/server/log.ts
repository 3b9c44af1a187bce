/** The server side's default log: `milepost: <message>` on stderr, with the error when there is one (not "undefined"). */
export const defaultLog = (message: string, error?: unknown): void =>
  void (error === undefined ? console.error(`milepost: ${message}`) : console.error(`milepost: ${message}`, error))
