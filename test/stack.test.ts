// The pinned p2p stack loads and works in one process: a corestore core AND a kappa-core/multifeed
// database replicate over hyperswarm connections on a local testnet, and the process exits cleanly.
import Corestore from 'corestore'
import kappa from 'kappa-core'
import type { Hypercore9Feed } from 'multifeed'
import crypto from 'hypercore-crypto'
import { test } from '../src/harness/index.ts'

test('a corestore core replicates over hyperswarm on a local testnet', async (t, k) => {
  const writer = k.closes(new Corestore(await k.tmp()))
  const reader = k.closes(new Corestore(await k.tmp()))
  const core = writer.get({ name: 'log', valueEncoding: 'json' })
  await k.step('the writer core to open', core.ready())
  await core.append({ hello: 'world' })

  const [a, b] = [await k.swarm(), await k.swarm()]
  a.on('connection', (conn) => writer.replicate(conn))
  b.on('connection', (conn) => reader.replicate(conn))
  await k.step('the writer to announce', a.join(core.discoveryKey!).flushed())
  b.join(core.discoveryKey!)

  const clone = reader.get({ key: core.key!, valueEncoding: 'json' })
  t.alike(await k.step('the reader to download block 0', clone.get(0)), { hello: 'world' }, 'the reader got the block')
})

test('a kappa-core database replicates over hyperswarm on a local testnet', async (t, k) => {
  const encryptionKey = crypto.randomBytes(32)
  const [alice, bob] = [kappa(await k.tmp(), { valueEncoding: 'json', encryptionKey }), kappa(await k.tmp(), { valueEncoding: 'json', encryptionKey })]
  // kappa-core 7 has no close(): close its multifeed.
  for (const db of [alice, bob]) k.teardown(() => new Promise<void>((resolve) => db._logs.close(() => resolve())))

  const feed = await k.step('alice\'s writer', new Promise<Hypercore9Feed>((resolve, reject) => alice.writer('local', (err, w) => err ? reject(err) : resolve(w))))
  await k.step('alice to append', new Promise<void>((resolve, reject) => feed.append({ text: 'hi' }, (err) => err ? reject(err) : resolve())))

  const topic = crypto.randomBytes(32)
  const [a, b] = [await k.swarm(), await k.swarm()]
  for (const [swarm, db] of [[a, alice], [b, bob]] as const) {
    swarm.on('connection', (conn) => {
      const stream = db.replicate(conn.isInitiator, { live: true })
      conn.pipe(stream).pipe(conn)
      conn.on('error', () => {})
      stream.on('error', () => {})
    })
  }
  await k.step('alice to announce', a.join(topic).flushed())
  b.join(topic)

  await k.until('bob to have alice\'s feed with 1 entry', () => bob.feeds().some((f) => f.length === 1))
  const copy = bob.feeds().find((f) => f.key.equals(feed.key))!
  const value = await k.step('bob to read it', new Promise((resolve, reject) => copy.get(0, (err, v) => err ? reject(err) : resolve(v))))
  t.alike(value, { text: 'hi' }, 'bob read alice\'s entry')
})
