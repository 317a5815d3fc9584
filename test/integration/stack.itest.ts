import { describe, it } from 'vitest'
import { checkStack } from './stack-checks'
import { stack } from './support'

describe('the local stack (default Kafka 4.x)', () => {
  it('has the topics, the three jobs running with checkpoints and committed groups, and every event type', async () => {
    await checkStack(stack().kafkaPort, stack().flinkPort)
  })
})
