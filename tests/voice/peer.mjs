// peer.mjs — a scripted Asterisk for the voice server's tests: a FastAGI
// client that speaks as Asterisk does on agi://host:port/creneau. It sends
// the agi_* environment block ended by an empty line, then answers each
// command line the way res_agi.c does:
//   STREAM FILE f "keys"   200 result=0 endpos=N (played to the end), or
//                          200 result=<ASCII code> endpos=N (a key pressed)
//   WAIT FOR DIGIT ms      200 result=<ASCII code>, 200 result=0 (timeout)
//   GET DATA f ms max      200 result=<keys>, 200 result=<keys> (timeout)
//   SET VARIABLE n "v"     200 result=1
//   ANSWER, EXEC ...       200 result=0
//   HANGUP                 200 result=1 (the channel is then dead)
//   anything else          510 Invalid or unknown command
// When the caller hangs up it writes "HANGUP" on a line of its own (the
// FastAGI stand-in for SIGHUP), answers the command in progress
// "200 result=-1" and every later one "511 Command Not Permitted on a dead
// channel or intercepted channel".
//
// The caller is a list of inputs, consumed by the commands that read keys:
//   '2'                      a key for WAIT FOR DIGIT / keys for GET DATA
//   { keys: '06000' }        the same; { keys: '12', timeout: true } typed then silence
//   { timeout: true }        silence (WAIT FOR DIGIT 0, GET DATA "" (timeout))
//   { barge: '1' }           pressed during the next STREAM FILE that allows it
//   'hangup'                 the caller hangs up on this command
//   async (peer) => input    computed when reached (e.g. a code read from the outbox)
// When the inputs run out, the caller hangs up.
import net from 'node:net';

export class AgiPeer {
  constructor({ port, host = '127.0.0.1', callerid = '0612345678', language = 'fr', inputs = [] }) {
    Object.assign(this, { port, host, callerid, language });
    this.inputs = [...inputs];
    this.commands = [];     // every command line received
    this.played = [];       // basenames of the files streamed
    this.vars = {};
    this.dead = false;
    this.protocolErrors = [];
  }

  env() {
    const e = {
      agi_network: 'yes',
      agi_network_script: 'creneau',
      agi_request: `agi://${this.host}:${this.port}/creneau`,
      agi_channel: 'PJSIP/trunk-00000001',
      agi_language: this.language,
      agi_type: 'PJSIP',
      agi_uniqueid: `${Date.now()}.${Math.floor(Math.random() * 1000)}`,
      agi_version: '20.5.0',
      agi_callerid: this.callerid,
      agi_calleridname: 'unknown',
      agi_callingpres: '0',
      agi_callingani2: '0',
      agi_callington: '0',
      agi_callingtns: '0',
      agi_dnid: '3939',
      agi_rdnis: 'unknown',
      agi_context: 'creneau',
      agi_extension: 's',
      agi_priority: '2',
      agi_enhanced: '0.0',
      agi_accountcode: '',
      agi_threadid: '140000000000000',
    };
    return Object.entries(e).map(([k, v]) => `${k}: ${v}\n`).join('') + '\n';
  }

  /** Runs the call; resolves when the server closes the connection. */
  run({ timeoutMs = 60000 } = {}) {
    return new Promise((resolve, reject) => {
      const sock = net.connect(this.port, this.host);
      this.sock = sock;
      let buf = '';
      let busy = Promise.resolve();
      const timer = setTimeout(() => { sock.destroy(); reject(new Error(`call did not end: ${this.commands.slice(-5).join(' | ')}`)); }, timeoutMs);
      sock.setEncoding('utf8');
      sock.on('connect', () => sock.write(this.env()));
      sock.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          busy = busy.then(() => this.answer(line)).catch((e) => { this.protocolErrors.push(String(e)); });
        }
      });
      sock.on('error', () => {});
      sock.on('close', () => { clearTimeout(timer); busy.then(() => resolve(this)); });
    });
  }

  write(s) { if (!this.sock.destroyed) this.sock.write(s); }

  async next() {
    let x = this.inputs.length ? this.inputs.shift() : 'hangup';
    if (typeof x === 'function') x = await x(this);
    return x;
  }

  hangup() {
    this.dead = true;
    this.write('HANGUP\n');
    this.write('200 result=-1\n');
  }

  async answer(line) {
    if (line.endsWith('\r')) this.protocolErrors.push('CR in a command line');
    this.commands.push(line);
    if (this.dead) { this.write('511 Command Not Permitted on a dead channel or intercepted channel\n'); return; }
    const m = line.match(/^([A-Z]+(?: [A-Z]+)*)(?: (.*))?$/);
    const verb = m ? m[1] : '';
    const args = m && m[2] ? m[2] : '';
    if (verb.startsWith('STREAM FILE')) {
      const [, file, esc] = args.match(/^(\S+) "?([0-9*#]*)"?/) || [];
      this.played.push(base(file));
      const x = this.inputs[0];
      if (x && typeof x === 'object' && x.barge !== undefined && esc.includes(x.barge)) {
        this.inputs.shift();
        this.write(`200 result=${x.barge.charCodeAt(0)} endpos=4000\n`);
      } else if (x === 'hangup') {
        this.inputs.shift();
        this.hangup();
      } else this.write('200 result=0 endpos=8000\n');
    } else if (verb.startsWith('WAIT FOR DIGIT')) {
      const x = await this.next();
      if (x === 'hangup') return this.hangup();
      const k = typeof x === 'string' ? x : x.keys;
      if (!k || x.timeout) this.write('200 result=0\n');
      else this.write(`200 result=${k.charCodeAt(0)}\n`);
    } else if (verb.startsWith('GET DATA')) {
      const [, file] = args.match(/^(\S+)/) || [];
      this.played.push(base(file));
      const x = await this.next();
      if (x === 'hangup') return this.hangup();
      const k = typeof x === 'string' ? x : (x.keys || '');
      this.write(`200 result=${k}${x.timeout ? ' (timeout)' : ''}\n`);
    } else if (verb.startsWith('SET VARIABLE')) {
      const [, name, value] = args.match(/^(\S+) "?([^"]*)"?/) || [];
      this.vars[name] = value;
      this.write('200 result=1\n');
    } else if (verb === 'ANSWER' || verb.startsWith('EXEC')) {
      this.write('200 result=0\n');
    } else if (verb === 'HANGUP') {
      this.dead = true;
      this.write('200 result=1\n');
    } else {
      this.write('510 Invalid or unknown command\n');
    }
  }
}

function base(f) { return String(f || '').split('/').pop(); }

export function call(opts) { return new AgiPeer(opts).run(opts); }
