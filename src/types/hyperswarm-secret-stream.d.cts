// Ambient types for @hyperswarm/secret-stream 6.x (written against its index.js).
// NoiseSecretStream is a streamx Duplex that runs a Noise handshake over a raw
// stream and then encrypts everything written to it.

declare module '@hyperswarm/secret-stream' {
  import { Duplex, type DuplexEvents } from 'streamx'
  import type { KeyPair } from 'hypercore-crypto'

  /** An end-to-end encrypted duplex stream (what hyperswarm/hyperdht hand you as a connection). */
  class NoiseSecretStream extends Duplex<NoiseSecretStream.NoiseSecretStreamEvents> {
    /** Wrap rawStream (or, if null, an in-memory bridge exposed as .rawStream) in a Noise handshake. */
    constructor(
      isInitiator: boolean,
      rawStream?: Duplex | null,
      opts?: NoiseSecretStream.NoiseSecretStreamOptions
    )

    /** Generate an ed25519 key pair usable as `keyPair`. */
    static keyPair(seed?: Uint8Array): KeyPair
    /** Derive a stream id from a handshake hash. */
    static id(handshakeHash: Uint8Array, isInitiator: boolean, id?: Uint8Array): Buffer

    /** Always this stream itself (lets code accept either a raw or a noise stream). */
    readonly noiseStream: this
    /** True if we started the handshake (the "client" side). */
    readonly isInitiator: boolean
    /** The underlying transport (a UDX stream for DHT connections, a bridge when created with null). */
    rawStream: Duplex
    /** Our public key (set once the key pair is known). */
    publicKey: Buffer | null
    /** The other side's public key (set after the handshake). */
    remotePublicKey: Buffer | null
    /** Hash of the handshake transcript: identical on both sides, unique per connection. */
    handshakeHash: Buffer | null
    /** True once the handshake is done. */
    connected: boolean
    /** Keep-alive interval in ms (0 = off). */
    keepAlive: number
    /** Idle timeout in ms (0 = off). */
    timeout: number
    /** Resolves true once the handshake is done, false if the stream closed first. */
    opened: Promise<boolean>
    /** Free slot for upper layers (hypercore stores its Protomux here). */
    userData: unknown
    /** Total encrypted bytes written to / read from the raw stream. */
    rawBytesWritten: number
    rawBytesRead: number

    /** Start the handshake on rawStream (only needed with autoStart: false). */
    start(rawStream?: Duplex | null, opts?: NoiseSecretStream.NoiseSecretStreamOptions): void
    /** Destroy the stream if nothing is received for ms milliseconds (0 disables). */
    setTimeout(ms?: number): void
    /** Send an empty keep-alive message every ms milliseconds (0 disables). */
    setKeepAlive(ms?: number): void
    /** Send one keep-alive message now. */
    sendKeepAlive(): void
    /** Resolves once everything written so far has been flushed to the raw stream. */
    flush(): Promise<boolean>
    /** Send an unreliable encrypted datagram (UDX streams only). */
    send(buffer: Uint8Array): Promise<boolean> | undefined
    /** Like send() but fire-and-forget. */
    trySend(buffer: Uint8Array): void
    /** Allocate a buffer that can be written without an extra copy. */
    alloc(len: number): Buffer
    /** Write a chunk (strings are utf-8 encoded); returns false when you should wait for 'drain'. */
    write(data: Uint8Array | string): boolean
    /** End the writable side (optionally writing a last chunk first). */
    end(data?: Uint8Array | string): this
    /** Iterate decrypted chunks. */
    [Symbol.asyncIterator](): AsyncIterator<Buffer>
    toJSON(): {
      isInitiator: boolean
      publicKey: string | null
      remotePublicKey: string | null
      connected: boolean
      destroying: boolean
      destroyed: boolean
      rawStream: unknown
    }
  }

  namespace NoiseSecretStream {
    /** Events of a NoiseSecretStream (on top of the usual stream events). */
    export interface NoiseSecretStreamEvents extends DuplexEvents {
      /** A decrypted chunk written by the other side. */
      data: [data: Buffer]
      /** streamx opened the stream (the handshake is done). */
      open: []
      /** The handshake finished and the encryption keys are set up. */
      handshake: []
      /** The stream is connected (fired right after `opened` resolves to true). */
      connect: []
      /** An unordered, unreliable datagram sent with send()/trySend(). */
      message: [message: Buffer]
    }

    export interface NoiseSecretStreamOptions {
      /** Our static key pair (default: a fresh random one). */
      keyPair?: KeyPair | Promise<KeyPair>
      /** Expected public key of the remote (required by the initiator in the IK pattern). */
      remotePublicKey?: Buffer | null
      /** Noise handshake pattern (default 'XX'). */
      pattern?: string
      /** Start right away (default true); otherwise call start(rawStream) later. */
      autoStart?: boolean
      /** Send keep-alive messages every `keepAlive` ms (0 = off). */
      keepAlive?: number
      /** Drop zero-byte messages (keep-alives) instead of emitting them. */
      filterZeroByteMessages?: boolean
      /** Allow unreliable send()/trySend() messages (default true). */
      enableSend?: boolean
      /** Data that was already read from the raw stream. */
      data?: Uint8Array
      /** The raw stream already ended. */
      ended?: boolean
      /** Skip the handshake and use an already-negotiated one. */
      handshake?: {
        tx: Uint8Array
        rx: Uint8Array
        hash: Uint8Array
        publicKey: Uint8Array
        remotePublicKey: Uint8Array
      }
    }
  }

  export = NoiseSecretStream
}
