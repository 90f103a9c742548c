// `npm run chat` arguments: parsed and checked here, so that every bad input is one clear line and exit 2.
import os from 'node:os'
import path from 'node:path'
import { UsageError, readFlags } from '../cli/flags.ts'
import { checkNick } from './input.ts'

export const USAGE = `usage: npm run chat -- [--key <hex|cabal://hex>] [--nick name] [--storage dir] [--bootstrap host:port[,host:port]] [--engine multifeed|autobase] [--reference]
  --key        the chat to join (64 hex characters, or a cabal:// link); none: start a new chat
  --nick       your nickname (default: the one this chat has stored, or your user name)
  --storage    where this chat is kept (default: ~/.kappa-katas/chats/<key>, or ~/.kappa-katas/autobase-chats/<key>)
  --bootstrap  a local DHT (see npm run testnet) instead of the public one
  --engine     multifeed (default): your katas/12-kappa-chat/chat.ts, Cabal-compatible, everyone with the key writes;
               autobase: your katas/15-autobase-chat/chat.ts, members add and remove writers (/members, /add, /remove)
  --reference  run the reference solution instead of your kata's chat.ts`

/** Bad input: the message is printed with the usage line and the app exits with code 2. */
export { UsageError }

export interface HostPort { host: string, port: number }

/** Which kata's chat runs: kata 12 (multifeed, Cabal's format) or kata 15 (Autobase, with members). */
export type Engine = 'multifeed' | 'autobase'
export const ENGINES: readonly Engine[] = ['multifeed', 'autobase']

export interface ChatArgs {
  /** 64 lower-case hex characters, or null for a new chat. */
  key: string | null
  /** The nick given with --nick: it replaces a stored one. Null: keep the stored nick. */
  nick: string | null
  /** The nick of a chat that has none stored yet: the login name (when it is a valid nick). */
  defaultNick: string
  /** The chat's own directory, or null: the default one for the key. */
  storage: string | null
  bootstrap: HostPort[] | null
  engine: Engine
  reference: boolean
  help: boolean
}

export function parseChatArgs (argv: string[]): ChatArgs {
  const { values } = readFlags(argv, {
    key: { type: 'string' },
    nick: { type: 'string' },
    storage: { type: 'string' },
    bootstrap: { type: 'string' },
    engine: { type: 'string' },
    reference: { type: 'boolean' }
  })
  const nick = values.nick ?? null
  const checked = nick === null ? null : checkNick(nick)
  if (checked && !checked.ok) throw new UsageError(`bad --nick: ${checked.error.replace(/^bad nick /, '')}`)
  const login = os.userInfo().username
  const defaultNick = checkNick(login).ok ? login : 'anonymous'
  if (values.storage === '') throw new UsageError('bad --storage: an empty path')
  const engine = parseEngine(values.engine ?? 'multifeed')
  return {
    key: values.key === undefined ? null : parseKey(values.key, engine),
    nick,
    defaultNick,
    storage: values.storage === undefined ? null : path.resolve(values.storage),
    bootstrap: values.bootstrap === undefined ? null : parseBootstrap(values.bootstrap),
    engine,
    reference: values.reference ?? false,
    help: values.help ?? false
  }
}

export function parseEngine (input: string): Engine {
  if (!(ENGINES as readonly string[]).includes(input)) throw new UsageError(`bad --engine "${input}": expected ${ENGINES.join(' or ')}`)
  return input as Engine
}

/**
 * "cabal://<hex>", "<hex>" (64 hex characters) → lower-case hex. An Autobase chat's key is plain hex:
 * a cabal:// link there is a kata 12 chat, which the autobase engine cannot open.
 */
export function parseKey (input: string, engine: Engine = 'multifeed'): string {
  const match = /^(cabal:\/\/)?([0-9a-f]{64})\/?$/i.exec(input.trim())
  if (!match) throw new UsageError(`bad --key "${input}": expected 64 hex characters${engine === 'multifeed' ? ' or cabal://<64 hex characters>' : ''}`)
  if (match[1] && engine === 'autobase') throw new UsageError(`bad --key "${input}": a cabal:// key is a multifeed (kata 12) chat; join it without --engine autobase`)
  return match[2].toLowerCase()
}

/** "host:port[,host:port…]" → addresses. */
export function parseBootstrap (input: string): HostPort[] {
  const list = input.split(',').map((s) => s.trim()).filter(Boolean)
  if (list.length === 0) throw new UsageError('bad --bootstrap: expected host:port (see npm run testnet)')
  return list.map((item) => {
    const match = /^([^:\s]+|\[[0-9a-f:]+\]):(\d{1,5})$/i.exec(item)
    const port = match ? Number(match[2]) : 0
    if (!match || port < 1 || port > 65535) throw new UsageError(`bad --bootstrap "${item}": expected host:port, e.g. 192.168.1.20:49737`)
    return { host: match[1].replace(/^\[|\]$/g, ''), port }
  })
}

/** Where a chat is kept by default: a directory per key, in a folder per engine (their layouts differ). */
export function defaultStorage (key: string, engine: Engine = 'multifeed'): string {
  return path.join(chatsFolder(engine), key)
}

/** The folder of an engine's chats. */
export function chatsFolder (engine: Engine): string {
  return path.join(os.homedir(), '.kappa-katas', engine === 'multifeed' ? 'chats' : 'autobase-chats')
}
