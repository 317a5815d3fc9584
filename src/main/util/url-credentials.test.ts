import { describe, expect, it } from 'vitest'
import { hasUrlCredentials, splitUrlCredentials } from './url-credentials'

describe('splitUrlCredentials', () => {
  it('takes the user name and password out of the URL', () => {
    expect(splitUrlCredentials('http://us%40er:p%3Ass@flink:8081/base')).toEqual({
      url: 'http://flink:8081/base',
      username: 'us@er',
      password: 'p:ss',
    })
    expect(hasUrlCredentials('http://:secret@flink:8081')).toBe(true)
  })

  it('leaves a URL without credentials, or not a URL, as it is', () => {
    expect(splitUrlCredentials('http://flink:8081/')).toEqual({ url: 'http://flink:8081/' })
    expect(hasUrlCredentials('http://flink:8081')).toBe(false)
    expect(splitUrlCredentials('not a url')).toEqual({ url: 'not a url' })
  })
})
