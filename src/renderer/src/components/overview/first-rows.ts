/** Problem rows the Overview draws at first: the worst hundred answer "what is wrong"; a storm of problems draws the rest on request. */
export const FIRST_ROWS = 100
