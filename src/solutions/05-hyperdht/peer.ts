// Kata 05 reference solution.
import DHT from 'hyperdht'
import b4a from 'b4a'

export interface KeyPair {
  publicKey: Buffer
  secretKey: Buffer
}

export type Server = DHT.Server

export interface EchoOptions {
  allow?: Buffer[]
}

export function createKeyPair (seed?: Uint8Array): KeyPair {
  return DHT.keyPair(seed)
}

export async function serveEcho (dht: DHT, keyPair: KeyPair, opts: EchoOptions = {}): Promise<Server> {
  const { allow } = opts
  const server = dht.createServer({
    // Return true to refuse: only keys on the allow-list get in (everyone, without a list).
    firewall: (remotePublicKey) => allow !== undefined && !allow.some((key) => b4a.equals(key, remotePublicKey))
  })
  server.on('connection', (socket) => {
    socket.on('error', () => {})
    socket.pipe(socket)
  })
  await server.listen(keyPair)
  return server
}

export async function serveWhoAmI (dht: DHT, keyPair: KeyPair): Promise<Server> {
  const server = dht.createServer((socket) => {
    socket.on('error', () => {})
    socket.resume()
    socket.end(b4a.toString(socket.remotePublicKey!, 'hex'))
  })
  await server.listen(keyPair)
  return server
}

export function ask (dht: DHT, serverPublicKey: Buffer, message: string, keyPair: KeyPair): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = dht.connect(serverPublicKey, { keyPair })
    const chunks: Buffer[] = []
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('end', () => resolve(b4a.toString(b4a.concat(chunks))))
    socket.on('error', reject)
    socket.on('close', () => reject(new Error('the connection closed before the server answered')))
    socket.end(message)
  })
}
