// A private DHT on loopback for each test: learner code gets its nodes and swarms from here,
// so nothing a kata runs can ever reach the public network.
import createTestnet, { type Testnet } from 'hyperdht/testnet'
import type DHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'

export type { Testnet }

/** Teardown order: learner resources (0) close before swarms, swarms before the testnet. */
export const ORDER = { resource: 0, swarm: 10, node: 20, testnet: Infinity } as const

type Teardown = (fn: () => unknown, order: number) => void

export class Network {
  private testnetPromise: Promise<Testnet> | null = null

  constructor (private readonly teardown: Teardown, private readonly size = 3) {}

  /** The test's own testnet: `size` bootstrap DHT nodes on 127.0.0.1, destroyed last. */
  testnet (): Promise<Testnet> {
    if (!this.testnetPromise) {
      this.testnetPromise = createTestnet(this.size, { host: '127.0.0.1' })
      this.teardown(async () => (await this.testnetPromise!).destroy(), ORDER.testnet)
    }
    return this.testnetPromise
  }

  /** Bootstrap addresses of the testnet, for code that builds its own DHT node. */
  async bootstrap (): Promise<Array<{ host: string, port: number }>> {
    return (await this.testnet()).bootstrap
  }

  /** A fresh DHT node on loopback, bootstrapped from the testnet. */
  async dht (): Promise<DHT> {
    const node = (await this.testnet()).createNode()
    this.teardown(() => node.destroy(), ORDER.node)
    return node
  }

  /** A Hyperswarm on its own loopback DHT node. */
  async swarm (opts: Omit<ConstructorParameters<typeof Hyperswarm>[0] & object, 'dht' | 'bootstrap'> = {}): Promise<Hyperswarm> {
    const swarm = new Hyperswarm({ ...opts, dht: (await this.testnet()).createNode() })
    this.teardown(() => swarm.destroy(), ORDER.swarm)
    return swarm
  }
}
