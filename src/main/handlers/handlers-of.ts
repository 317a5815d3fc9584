import type { Contract } from '../../shared/contract'
import type { Handlers } from '../api/router'

/** The handlers of the contract's calls whose names start with one of the prefixes (`lag` → `lag.*`). */
export type HandlersOf<P extends string> = Pick<Handlers<Contract>, Extract<keyof Contract, `${P}.${string}`>>
