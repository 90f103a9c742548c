// `npm run testnet [-- --host <address>] [--port <port>]`: a local DHT for a room without internet.
import os from 'node:os'
import createTestnet from 'hyperdht/testnet'
import { commandLine } from '../cli/flags.ts'

function lanAddress (): string {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  }
  return '127.0.0.1'
}

const USAGE = `usage: npm run testnet -- [--host <address others can reach>] [--port <port>]
  --host  the address the DHT listens on and everyone dials (default: this machine's LAN address)
  --port  its first port (default: any free one)`

async function main (): Promise<number> {
  const { values } = commandLine({ host: { type: 'string' }, port: { type: 'string' } }, USAGE)
  const host = values.host ?? lanAddress()
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`bad --port "${values.port}": a port number, 0 to 65535\n${USAGE}`)
    return 2
  }
  let testnet
  try {
    testnet = await createTestnet(3, { host, port })
  } catch (err) {
    console.error(`cannot start the testnet on ${host}:${port}: ${(err as Error).message}`)
    return 2
  }
  const bootstrap = testnet.bootstrap.map((b) => `${b.host}:${b.port}`).join(',')
  console.log(`testnet running: 3 DHT nodes ${host === '127.0.0.1' ? 'on this machine only' : 'on all interfaces'}. Everyone runs:\n`)
  console.log(`  npm run chat -- --bootstrap ${bootstrap} --nick <name> [--key <key>]\n`)
  console.log('(and with --engine autobase for the chat on Autobase, kata 15)\n')
  console.log(`--bootstrap ${bootstrap}`)
  console.log('\nCtrl-C stops it.')
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await testnet.destroy()
  return 0
}

process.exitCode = await main()
