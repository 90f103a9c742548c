// What the DHT says about a topic, asked from outside the code under test.
import type { KataContext } from './context.ts'

/** The public keys (hex) that a fresh DHT node, looking `topic` up now, finds announced on it. */
export function announcedOn (k: KataContext, topic: Buffer): Promise<string[]> {
  return k.step('a DHT lookup of the topic', async () => {
    const dht = await k.dht()
    const keys: string[] = []
    for await (const reply of dht.lookup(topic)) {
      for (const peer of reply.peers) keys.push(peer.publicKey.toString('hex'))
    }
    return keys
  })
}
