// The gateway's side of Loki's basic auth: htpasswd lines, as `htpasswd -nbB` writes them, for the
// passwords the collectors use (or are about to use). bcrypt, since that is what htpasswd files,
// nginx's auth_basic (through crypt(3)) and Apache all accept.
import bcrypt from "bcryptjs";

/** bcrypt's cost: `htpasswd -B`'s default. */
export const BCRYPT_COST = 10;
/** Bytes of a bcrypt salt. */
export const SALT_BYTES = 16;

/**
 * One htpasswd line, `user:$2y$10$…`. The salt is given (random once per stack, kept in state), so
 * that the same password gives the same line on every run and the output does not change by itself.
 */
export function htpasswdLine(username: string, password: string, salt: Uint8Array): string {
    if (username.includes(":") || /[\r\n]/.test(username))
        throw new Error("an htpasswd user name cannot hold ':' or a line break");
    if (salt.length !== SALT_BYTES) throw new Error(`a bcrypt salt is ${SALT_BYTES} bytes`);
    const setting = `$2b$${BCRYPT_COST}$${bcrypt.encodeBase64([...salt], SALT_BYTES)}`;
    // $2y$ is htpasswd's name for the same algorithm as $2b$ (both fixed the 2a wrap-around bug).
    const hash = bcrypt.hashSync(password, setting).replace(/^\$2b\$/, "$2y$");
    return `${username}:${hash}`;
}
