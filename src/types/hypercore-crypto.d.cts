// Ambient types for hypercore-crypto 3.7.x (written against node_modules/hypercore-crypto/index.js).

declare module 'hypercore-crypto' {
  /** An ed25519 signing key pair (32-byte publicKey, 64-byte secretKey). */
  export interface KeyPair {
    publicKey: Buffer
    secretKey: Buffer
  }

  /** A curve25519 key pair used by encrypt/decrypt (sealed boxes). */
  export interface EncryptionKeyPair {
    publicKey: Buffer
    secretKey: Buffer
  }

  /** A merkle tree node as used by parent()/tree(). */
  export interface TreeNode {
    index: number
    size: number
    hash: Uint8Array
  }

  /** Generate an ed25519 key pair; deterministic if a 32-byte seed is given. */
  export function keyPair(seed?: Uint8Array): KeyPair
  /** True if the secretKey matches the publicKey. */
  export function validateKeyPair(keyPair: { publicKey: Uint8Array; secretKey: Uint8Array }): boolean
  /** Detached ed25519 signature (64 bytes) of message. */
  export function sign(message: Uint8Array, secretKey: Uint8Array): Buffer
  /** Verify a detached signature. */
  export function verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean
  /** Seal message for publicKey (anonymous sender). */
  export function encrypt(message: Uint8Array, publicKey: Uint8Array): Buffer
  /** Open a sealed box, or null if it cannot be decrypted. */
  export function decrypt(ciphertext: Uint8Array, keyPair: EncryptionKeyPair): Buffer | null
  /** Generate a curve25519 key pair for encrypt/decrypt. */
  export function encryptionKeyPair(seed?: Uint8Array): EncryptionKeyPair
  /** Hash of a hypercore leaf (block) node. */
  export function data(data: Uint8Array): Buffer
  /** Hash of a hypercore parent node. */
  export function parent(a: TreeNode, b: TreeNode): Buffer
  /** Hash of the merkle roots (the tree hash). */
  export function tree(roots: TreeNode[], out?: Uint8Array): Buffer
  /** BLAKE2b-256 (32 bytes) of one buffer or the concatenation of several: turns any bytes (a name, say) into
   *  32 bytes. Not in the package's README; see node_modules/hypercore-crypto/index.js. */
  export function hash(data: Uint8Array | Uint8Array[], out?: Uint8Array): Buffer
  /** n cryptographically secure random bytes. */
  export function randomBytes(n: number): Buffer
  /** The public discovery key of a 32-byte key (safe to share on the DHT). Only for 32-byte keys: anything
   *  else throws "Must pass a 32 byte buffer". */
  export function discoveryKey(key: Uint8Array): Buffer
  /** Free a secure buffer (no-op unless sodium secure memory is used). */
  export function free(secureBuf: Uint8Array): void
  /** Derive `count` (or one per id) 32-byte namespace keys from a name. */
  export function namespace(name: string | Uint8Array, count: number | number[]): Buffer[]
}
