// The board for the projector: a page on 127.0.0.1 that the board pushes every change to (server-sent
// events), and the same view as JSON at /board.json.
import { readFileSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BoardView } from './model.ts'

const PAGE = readFileSync(new URL('./page.html', import.meta.url))
/** Page viewers at once; more get 503 (a loop in a browser tab cannot exhaust the board). */
const MAX_VIEWERS = 32
const ALLOWED_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/

export interface WebBoard {
  url: string
  /** Pushes the current view to every open page. */
  push (): void
  close (): Promise<void>
}

export async function serveBoard (view: () => BoardView, port: number, host = '127.0.0.1'): Promise<WebBoard> {
  const viewers = new Set<ServerResponse>()
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    // Only pages of this address may read the room: a web site that rebinds its own name to 127.0.0.1
    // still sends its own name as the Host.
    if (!ALLOWED_HOST.test(req.headers.host ?? '')) {
      res.writeHead(403).end()
    } else if (req.method !== 'GET') {
      res.writeHead(405).end()
    } else if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE)
    } else if (url.pathname === '/board.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(view()))
    } else if (url.pathname === '/events') {
      if (viewers.size >= MAX_VIEWERS) return void res.writeHead(503).end()
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(`retry: 1000\ndata: ${JSON.stringify(view())}\n\n`)
      viewers.add(res)
      req.on('close', () => viewers.delete(res))
    } else {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${host}:${address.port}/`,
    push: () => {
      if (viewers.size === 0) return
      const data = `data: ${JSON.stringify(view())}\n\n`
      for (const res of viewers) res.write(data)
    },
    close: async () => {
      for (const res of viewers) res.end()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
