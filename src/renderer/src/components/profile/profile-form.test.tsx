import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { profileViewSchema, type ProfileView } from '../../../../shared/contract'
import { ConnectionsPage } from '../../pages/connections-page'
import { localProfile } from '../../test-support/fixtures'
import { inMemoryBackend } from '../../test-support/in-memory-backend'
import { renderWithBackend } from '../../test-support/render'

/** A profile store in memory: saving adds or replaces, as the core's does. */
function profilesBackend(initial: ProfileView[] = [localProfile]) {
  const profiles = [...initial]
  return inMemoryBackend({
    calls: {
      'profiles.list': () => ({ profiles, activeId: 'local' }),
      'profiles.setReadOnly': ({ id, readOnly }) => {
        const view = profileViewSchema.parse({ ...profiles.find((p) => p.id === id), readOnly })
        profiles.splice(0, profiles.length, ...profiles.filter((p) => p.id !== id), view)
        return view
      },
      'profiles.save': ({ profile, secrets }) => {
        const view = profileViewSchema.parse({
          ...profile,
          color: '#dc2626',
          secrets: Object.keys(secrets ?? {}),
          builtIn: false,
        })
        profiles.splice(0, profiles.length, ...profiles.filter((p) => p.id !== view.id), view)
        return view
      },
    },
  })
}

async function openNewForm(): Promise<HTMLElement> {
  fireEvent.click(await screen.findByTestId('profile-add'))
  return screen.getByTestId('profile-form')
}

const field = (form: HTMLElement, name: string) => form.querySelector<HTMLInputElement>(`[name=${name}]`)!
const type = (el: Element, value: string) => fireEvent.change(el, { target: { value } })

describe('the profile form', () => {
  it('requires an id and brokers, and shows SASL and Flink auth fields only once they apply', async () => {
    renderWithBackend(<ConnectionsPage />, profilesBackend())
    const form = await openNewForm()
    expect(field(form, 'id').required).toBe(true)
    expect(field(form, 'brokers').required).toBe(true)
    expect(field(form, 'name').required).toBe(false)
    expect(field(form, 'readOnly').checked).toBe(true)
    expect(within(form).queryByText('SASL user')).toBeNull()
    type(within(form).getByDisplayValue('none'), 'scram-sha-256')
    expect(within(form).getByText('SASL user')).toBeTruthy()
    expect(within(form).queryByText('Flink auth')).toBeNull()
    type(field(form, 'flinkUrl'), 'http://jobmanager:8081')
    type(within(form).getByText('Flink auth').querySelector('select')!, 'basic')
    expect(within(form).getByText('Flink user')).toBeTruthy()
    expect(within(form).getByText('Flink password')).toBeTruthy()
  })

  it('keeps the form open and says why when the core refuses the input', async () => {
    const backend = profilesBackend()
    renderWithBackend(<ConnectionsPage />, backend)
    const form = await openNewForm()
    type(field(form, 'id'), 'bad')
    type(field(form, 'brokers'), 'no-port-here')
    fireEvent.click(screen.getByTestId('profile-save'))
    expect((await screen.findByTestId('toast-error')).textContent).toContain(
      'Not saved: Invalid input for profiles.save',
    )
    expect(screen.getByTestId('profile-form')).toBe(form)
    expect(backend.inputsOf('profiles.save')).toEqual([])
  })
})

describe('saving a profile', () => {
  it('saves what was typed as the contract’s profile, secrets apart, then closes and lists it', async () => {
    const backend = profilesBackend()
    renderWithBackend(<ConnectionsPage />, backend)
    const form = await openNewForm()
    type(field(form, 'id'), ' prod-eu ')
    type(field(form, 'name'), 'Production EU')
    type(field(form, 'environment'), 'prod')
    type(field(form, 'brokers'), 'kafka-1:9093, kafka-2:9093,')
    type(within(form).getByDisplayValue('none'), 'scram-sha-512')
    type(within(form).getByText('SASL user').querySelector('input')!, 'keytrail-ro')
    type(
      within(form)
        .getByText(/SASL password/)
        .querySelector('input')!,
      's3cret',
    )
    type(field(form, 'flinkUrl'), 'https://flink.prod.example:8443')
    type(within(form).getByText('Flink auth').querySelector('select')!, 'bearer')
    type(within(form).getByText('Flink token').querySelector('input')!, 'tok-123')
    fireEvent.click(screen.getByTestId('profile-save'))

    expect((await screen.findByTestId('toast-info')).textContent).toContain('Saved profile prod-eu')
    const [saved] = backend.inputsOf('profiles.save')
    expect(saved?.secrets).toEqual({ kafkaPassword: 's3cret', flinkToken: 'tok-123' })
    expect(saved?.profile).toMatchObject({
      id: 'prod-eu',
      name: 'Production EU',
      environment: 'prod',
      readOnly: true,
      kafka: {
        brokers: ['kafka-1:9093', 'kafka-2:9093'],
        sasl: { mechanism: 'scram-sha-512', username: 'keytrail-ro' },
      },
      flink: { url: 'https://flink.prod.example:8443', auth: { type: 'bearer' } },
    })
    expect(saved?.profile.kafka.tls).toBeUndefined()
    expect(saved?.profile.schemaRegistry).toBeUndefined()
    await waitFor(() => expect(screen.queryByTestId('profile-form')).toBeNull())
    expect(within(await screen.findByTestId('profile-prod-eu')).getByText('kafka-1:9093, kafka-2:9093')).toBeTruthy()
  })

  it('saves OAUTHBEARER client credentials, the client secret apart from the profile', async () => {
    const backend = profilesBackend()
    renderWithBackend(<ConnectionsPage />, backend)
    const form = await openNewForm()
    type(field(form, 'id'), 'cloud')
    type(field(form, 'brokers'), 'kafka-1:9093')
    type(within(form).getByDisplayValue('none'), 'oauthbearer')
    expect(within(form).queryByText('SASL user')).toBeNull()
    expect(field(form, 'oauthTokenUrl').required).toBe(true)
    type(field(form, 'oauthTokenUrl'), ' https://idp.example.com/oauth2/token ')
    type(field(form, 'oauthClientId'), 'ops-console')
    type(field(form, 'oauthClientSecret'), 'cs-123')
    type(field(form, 'oauthScope'), 'kafka')
    fireEvent.click(screen.getByTestId('profile-save'))
    expect((await screen.findByTestId('toast-info')).textContent).toContain('Saved profile cloud')
    const [saved] = backend.inputsOf('profiles.save')
    expect(saved?.secrets).toEqual({ oauthClientSecret: 'cs-123' })
    expect(saved?.profile.kafka.sasl).toEqual({
      mechanism: 'oauthbearer',
      oauth: { tokenUrl: 'https://idp.example.com/oauth2/token', clientId: 'ops-console', scope: 'kafka' },
    })
  })

  it('refuses a plain-http token URL to another host, naming the field', async () => {
    const backend = profilesBackend()
    renderWithBackend(<ConnectionsPage />, backend)
    const form = await openNewForm()
    type(field(form, 'id'), 'cloud')
    type(field(form, 'brokers'), 'kafka-1:9093')
    type(within(form).getByDisplayValue('none'), 'oauthbearer')
    type(field(form, 'oauthTokenUrl'), 'http://idp.example.com/token')
    type(field(form, 'oauthClientId'), 'ops-console')
    fireEvent.click(screen.getByTestId('profile-save'))
    expect((await screen.findByTestId('toast-error')).textContent).toContain('Not saved')
    expect(backend.inputsOf('profiles.save')).toEqual([])
  })

  it('edits a profile without its id and without resending stored secrets', async () => {
    const stored = profileViewSchema.parse({
      ...localProfile,
      id: 'staging',
      name: 'Staging',
      environment: 'staging',
      builtIn: false,
      kafka: { brokers: ['kafka-s:9092'], sasl: { mechanism: 'plain', username: 'svc' }, clientId: 'ops-console' },
      secrets: ['kafkaPassword'],
    })
    const backend = profilesBackend([localProfile, stored])
    renderWithBackend(<ConnectionsPage />, backend)
    fireEvent.click(within(await screen.findByTestId('profile-staging')).getByText('Edit'))
    const form = screen.getByTestId('profile-form')
    expect(field(form, 'id').disabled).toBe(true)
    expect(within(form).getByText('(stored)')).toBeTruthy()
    type(field(form, 'name'), 'Staging EU')
    fireEvent.click(screen.getByTestId('profile-save'))
    await waitFor(() => expect(backend.inputsOf('profiles.save')).toHaveLength(1))
    const [saved] = backend.inputsOf('profiles.save')
    expect(saved?.secrets).toEqual({})
    expect(saved?.profile).toMatchObject({
      id: 'staging',
      name: 'Staging EU',
      kafka: { brokers: ['kafka-s:9092'], clientId: 'ops-console', sasl: { mechanism: 'plain', username: 'svc' } },
      trace: localProfile.trace,
    })
  })

  it('makes a read-only profile writable only through its own switch, confirmed with the name', async () => {
    const prod = profileViewSchema.parse({
      ...localProfile,
      id: 'prod',
      name: 'Prod EU',
      readOnly: true,
      builtIn: false,
    })
    const backend = profilesBackend([localProfile, prod])
    renderWithBackend(<ConnectionsPage />, backend)
    fireEvent.click(within(await screen.findByTestId('profile-prod')).getByText('Edit'))
    const form = screen.getByTestId('profile-form')
    expect(field(form, 'readOnly')).toBeNull()
    fireEvent.click(screen.getByTestId('make-writable'))
    const confirm = screen.getByTestId('confirm-writable') as HTMLButtonElement
    type(field(form, 'confirmName'), 'Prod')
    expect(confirm.disabled).toBe(true)
    type(field(form, 'confirmName'), 'Prod EU')
    expect(confirm.disabled).toBe(false)
    fireEvent.click(confirm)
    await waitFor(() => expect(backend.inputsOf('profiles.setReadOnly')).toHaveLength(1))
    expect(backend.inputsOf('profiles.setReadOnly')).toEqual([{ id: 'prod', readOnly: false, confirm: 'Prod EU' }])
    expect(backend.inputsOf('profiles.save')).toHaveLength(0)
  })
})
