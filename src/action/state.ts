/** What `main` saves for `post` ($GITHUB_STATE, read back as STATE_* variables). */
export const STATE = { jobSpanId: 'job-span-id', checkRunId: 'check-run-id' } as const;
