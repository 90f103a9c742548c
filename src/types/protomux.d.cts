// Ambient types for protomux 3.x (the parts src/room uses; written against node_modules/protomux/index.js).
declare module 'protomux' {
  class Protomux {
    /** The muxer already on this stream (corestore's replication makes one), or a new one. */
    static from(stream: unknown, opts?: object): Protomux
    createChannel(opts: Protomux.ChannelOptions): Protomux.Channel | null
    opened(opts: { protocol: string, id?: Buffer | null }): boolean
  }

  namespace Protomux {
    interface ChannelOptions {
      protocol: string
      id?: Buffer | null
      unique?: boolean
      handshake?: unknown
      messages?: Array<{ encoding: unknown, onmessage?: (m: any, channel: Channel) => unknown }>
      onopen?: (handshake: any, channel: Channel) => unknown
      onclose?: (isRemote: boolean, channel: Channel) => unknown
      ondestroy?: () => unknown
    }
    interface Message { send(data: unknown): boolean }
    interface Channel {
      messages: Message[]
      opened: boolean
      closed: boolean
      open(handshake?: unknown): void
      close(): void
    }
  }

  export = Protomux
}
