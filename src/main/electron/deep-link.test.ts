import { describe, expect, it } from 'vitest'
import { deepLinkInArgv, hashOfDeepLink } from './deep-link'

describe('keytrail:// links', () => {
  it('open the view they name, with its profile', () => {
    expect(hashOfDeepLink('keytrail://lag/billing?profile=prod')).toBe('#/lag/billing?profile=prod')
    expect(hashOfDeepLink('keytrail://jobs/order-service/checkpoints')).toBe('#/jobs/order-service/checkpoints')
    expect(hashOfDeepLink('keytrail:///trace/ord-1%2F2?profile=local')).toBe('#/trace/ord-1%2F2?profile=local')
  })

  it('open nothing else', () => {
    expect(hashOfDeepLink('https://lag/billing')).toBeUndefined()
    expect(hashOfDeepLink('keytrail://settings/secrets')).toBeUndefined()
    expect(hashOfDeepLink('not a url')).toBeUndefined()
    expect(hashOfDeepLink("keytrail://trace/x');alert(1)//")).toBe("#/trace/x')%3Balert(1)")
  })

  it("are found among a second instance's arguments", () => {
    expect(deepLinkInArgv(['/opt/Keytrail/keytrail', '--no-sandbox', 'keytrail://overview'])).toBe(
      'keytrail://overview',
    )
    expect(deepLinkInArgv(['/opt/Keytrail/keytrail'])).toBeUndefined()
  })
})
