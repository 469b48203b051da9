// The gateway's htpasswd lines, checked by another implementation: Apache's `htpasswd -v`, the tool
// that manages the files nginx's auth_basic and Apache read, the password on stdin.
import { expect } from "chai";
import { htpasswdLine } from "../values/htpasswd";
import { htpasswdAccepts } from "./harness";

const SALT = Uint8Array.from({ length: 16 }, (_, i) => i * 13);

describe("htpasswd lines for Loki's gateway", () => {
    it("writes user:$2y$10$… as htpasswd -nbB does, which htpasswd -v accepts for the password only", () => {
        const line = htpasswdLine("dev-cluster", "correct horse battery staple", SALT);
        const [user, hash] = line.split(":");
        expect(user).to.equal("dev-cluster");
        expect(hash).to.match(/^\$2y\$10\$[./A-Za-z0-9]{53}$/);
        expect(htpasswdAccepts("correct horse battery staple", hash)).to.equal(true);
        expect(htpasswdAccepts("correct horse battery stapler", hash)).to.equal(false);
    });

    it("is the same line on every run for the same salt, another for another salt", () => {
        const a = htpasswdLine("u", "pw", SALT);
        expect(htpasswdLine("u", "pw", SALT)).to.equal(a);
        const other = htpasswdLine(
            "u",
            "pw",
            SALT.map((b) => b ^ 0xff),
        );
        expect(other).not.to.equal(a);
        expect(htpasswdAccepts("pw", other.split(":")[1])).to.equal(true);
    });

    it("refuses a user name that would break the file, without quoting the password", () => {
        expect(() => htpasswdLine("a:b", "secret-pw", SALT)).to.throw(/cannot hold ':'/);
        expect(() => htpasswdLine("a:b", "secret-pw", SALT)).not.to.throw(/secret-pw/);
    });
});
