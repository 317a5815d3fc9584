import { describe, expect, it } from 'vitest'
import { ApiError } from '../../shared/contract/errors'
import {
  backwardWindow,
  firstHitWindow,
  forwardWindow,
  hintedWindow,
  MARGIN_MS,
  SPANS_MS,
  wantsForward,
} from './window-plan'

const H = 3_600_000
const NOW = 100 * H

describe('window planning', () => {
  it('takes the user hint, and a --since alone reads its first span only', () => {
    expect(hintedWindow(NOW - 10 * H, NOW - 9 * H, NOW)).toEqual({ from: NOW - 10 * H, until: NOW - 9 * H })
    expect(hintedWindow(NOW - 10 * H, undefined, NOW)).toEqual({
      from: NOW - 10 * H,
      until: NOW - 10 * H + SPANS_MS[0]!,
    })
    expect(hintedWindow('-5m', undefined, NOW)).toEqual({ from: NOW - 300_000, until: null })
    expect(hintedWindow(undefined, '-1h', NOW)).toEqual({ from: null, until: NOW - H })
  })

  it('refuses an --until before --since as the user’s error', () => {
    const err = (() => {
      try {
        hintedWindow('-1h', '-2h', NOW)
      } catch (e) {
        return e
      }
    })()
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'INVALID_INPUT', message: '--until is before --since' })
  })

  it('starts around the first hit, or an hour back when there is none', () => {
    expect(firstHitWindow(NOW - 5 * H, NOW)).toEqual({
      from: NOW - 5 * H - MARGIN_MS,
      until: NOW - 5 * H + SPANS_MS[0]!,
    })
    expect(firstHitWindow(undefined, NOW)).toEqual({ from: NOW - H, until: null })
  })

  it('widens forward while unfinished; a span no wider than the window is skipped; near now it opens', () => {
    const w = { from: NOW - 10 * H, until: NOW - 10 * H + SPANS_MS[0]! }
    expect(wantsForward(w, 'stuck', false)).toBe(true)
    expect(wantsForward(w, 'complete', false)).toBe(false)
    expect(wantsForward({ ...w, until: null }, 'stuck', false)).toBe(false)
    expect(wantsForward(w, 'not-found', false)).toBe(false)
    expect(wantsForward(w, 'not-found', true)).toBe(true)
    expect(forwardWindow(w, SPANS_MS[0]!, NOW - 10 * H, NOW)).toBeUndefined()
    expect(forwardWindow(w, 2 * H, NOW - 10 * H, NOW)).toEqual({ from: w.from, until: NOW - 8 * H })
    expect(forwardWindow(w, 24 * H, NOW - 10 * H, NOW)).toEqual({ from: w.from, until: null })
    expect(forwardWindow(w, Infinity, NOW - 10 * H, NOW)).toEqual({ from: w.from, until: null })
  })

  it('looks back step by step to the whole log, never narrower', () => {
    const w = { from: NOW - H, until: null }
    expect(backwardWindow(w, H, NOW)).toBeUndefined()
    expect(backwardWindow(w, 24 * H, NOW)).toEqual({ from: NOW - 24 * H, until: null })
    expect(backwardWindow(w, Infinity, NOW)).toEqual({ from: null, until: null })
    expect(backwardWindow({ from: null, until: null }, Infinity, NOW)).toBeUndefined()
  })
})
