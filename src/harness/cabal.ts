// A real Cabal client in a suite: cabal-core 16 on a swarm of the test's testnet (its own swarm() would
// use the public DHT), connected as its swarm.js does, 'peer-id' extension included. It knows no kata.
import crypto from 'hypercore-crypto'
import type Cabal from 'cabal-core'
import type { KataContext } from './context.ts'

export interface CabalPeer {
  /** The cabal-core instance. */
  readonly cabal: Cabal.Cabal
  /** Its local feed's key (hex): its author key. */
  readonly localKey: string
  /** The feed keys cabal-core emitted 'peer-added' for: peers that sent it their 'peer-id'. */
  readonly added: Set<string>
  /** The texts of a channel (default: 'default'), oldest first, as cabal-core's messages view reads them. */
  texts (channel?: string): Promise<string[]>
  /** The name cabal-core's users view gives an author key. */
  nickOf (author: string): Promise<string | undefined>
  /** Publishes a chat/text entry in a channel (default: 'default'). */
  publish (text: string, channel?: string): Promise<void>
  /** Publishes an about entry. */
  publishNick (name: string): Promise<void>
}

/** A cabal-core peer of the chat with `key` (64 hex), joined to its topic (the key's discovery key). */
export async function cabalPeer (k: KataContext, key: string, storage?: string): Promise<CabalPeer> {
  const { default: Cabal } = await import('cabal-core')
  const cabal = Cabal(storage ?? await k.tmp(), key)
  k.teardown(() => new Promise<void>((resolve) => cabal.close(() => resolve())))
  await k.step('cabal.ready', new Promise<void>((resolve) => cabal.ready(() => resolve())))
  const localKey = await k.step('cabal.getLocalKey', new Promise<string>((resolve, reject) => cabal.getLocalKey((err, key) => err ? reject(err) : resolve(key))))
  const added = new Set<string>()
  cabal.on('peer-added', (key: string) => added.add(key))
  const swarm = await k.swarm()
  swarm.on('connection', (socket) => {
    socket.on('error', () => {})
    const stream = cabal.replicate(socket.isInitiator)
    stream.on('error', () => socket.destroy())
    socket.pipe(stream).pipe(socket)
    // What cabal-core's swarm.js does on every connection: the 'peer-id' extension, both ways.
    let remoteKey: string | undefined
    const ext = stream.registerExtension<{ id?: string }>('peer-id', {
      encoding: 'json',
      onmessage (message) {
        if (remoteKey || typeof message?.id !== 'string' || Buffer.from(message.id, 'hex').length !== 32) return
        remoteKey = message.id
        cabal._addConnection(remoteKey)
      }
    })
    ext.send({ id: localKey })
  })
  swarm.join(crypto.discoveryKey(Buffer.from(key, 'hex')))
  return {
    cabal,
    localKey,
    added,
    texts: (channel = 'default') => new Promise((resolve) => {
      const out: string[] = []
      cabal.messages.read(channel, { limit: 1000 })
        .on('data', (m) => { if (m.value?.content?.text) out.unshift(m.value.content.text) })
        .on('end', () => resolve(out))
        .on('error', () => resolve(out))
    }),
    nickOf: (who) => new Promise((resolve) => {
      cabal.users.getAll((err, users) => resolve(err ? undefined : users[who]?.name))
    }),
    publish: (text, channel = 'default') => k.step(`cabal.publish("${text}")`, new Promise<void>((resolve, reject) => {
      cabal.publish({ type: 'chat/text', content: { channel, text } }, (err) => err ? reject(err) : resolve())
    })),
    publishNick: (name) => k.step(`cabal.publishNick("${name}")`, new Promise<void>((resolve, reject) => {
      cabal.publishNick(name, (err) => err ? reject(err) : resolve())
    }))
  }
}
