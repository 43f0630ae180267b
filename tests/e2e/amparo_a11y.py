# SPDX-License-Identifier: GPL-3.0-or-later
"""Drive the real amparo program through the accessibility tree (AT-SPI).

Shared by the e2e tests. Everything here goes through pyatspi: no widget is
reached any other way, so what works here works for a screen reader.
"""

import os
import re
import subprocess
import sys
import tempfile
import time

import pyatspi

# GTK 4.8 falls back to the widget's type name when a widget has no
# accessible name; such a control has, for a screen reader, no name at all.
TYPE_NAME = re.compile(r'^(Gtk|Adw|Amparo)[A-Z][A-Za-z]*$')

PASSPHRASE = 'e2e correct horse battery staple'


class Failure(Exception):
    pass


def log(*args):
    print('#', *args, flush=True)


def wait_for(what, predicate, timeout=20.0, interval=0.1):
    """Polls predicate() until it returns something true, and returns that."""
    end = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < end:
        try:
            result = predicate()
            if result:
                return result
        except Exception as e:   # the tree changes under us: try again
            last_error = e
        time.sleep(interval)
    raise Failure('timed out waiting for %s%s' % (
        what, ' (%s)' % last_error if last_error else ''))


# ----------------------------------------------------------------- the tree

def children(acc):
    try:
        n = acc.childCount
    except Exception:
        return []
    out = []
    for i in range(n):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            out.append(child)
    return out


def walk(acc, showing_only=False):
    """Every node under acc (acc included), depth first."""
    stack = [acc]
    while stack:
        node = stack.pop()
        if showing_only and node is not acc and not is_showing(node):
            continue
        yield node
        stack.extend(reversed(children(node)))


def role(acc):
    try:
        return acc.getRoleName()
    except Exception:
        return ''


def name(acc):
    try:
        return acc.name or ''
    except Exception:
        return ''


def description(acc):
    try:
        return acc.description or ''
    except Exception:
        return ''


def states(acc):
    try:
        return acc.getState()
    except Exception:
        return None


def is_showing(acc):
    """Whether acc has a size in its window. GTK 4.8 sets no SHOWING state,
    and widgets of a stack's other pages stay in the tree; an allocation is
    the best hint it gives (a page shown once keeps its old one)."""
    try:
        e = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except NotImplementedError:
        return True     # not a widget (a stack page): look at its children
    except Exception:
        return False
    return e.width > 0 and e.height > 0


def is_sensitive(acc):
    s = states(acc)
    return s is not None and s.contains(pyatspi.STATE_SENSITIVE)


def text_of(acc):
    """The text a node shows: its Text interface, else its name."""
    try:
        t = acc.queryText()
        n = t.characterCount
        if n > 0:
            return t.getText(0, n)
    except Exception:
        pass
    return ''


def all_strings(acc):
    """Every name, description and text anywhere under acc."""
    for node in walk(acc):
        yield name(node)
        yield description(node)
        yield text_of(node)


def has_real_name(acc):
    n = name(acc).strip()
    return n != '' and not TYPE_NAME.match(n)


def find(root, predicate, showing_only=True):
    for node in walk(root, showing_only):
        try:
            if predicate(node):
                return node
        except Exception:
            continue
    return None


def find_all(root, predicate, showing_only=True):
    out = []
    for node in walk(root, showing_only):
        try:
            if predicate(node):
                out.append(node)
        except Exception:
            continue
    return out


def by_role_name(role_name, pattern):
    """A predicate: role equals role_name and the name matches pattern."""
    rx = re.compile(pattern)
    return lambda n: role(n) == role_name and rx.search(name(n)) is not None


def dump(acc, out=sys.stdout, showing_only=False, depth=0):
    if showing_only and depth > 0 and not is_showing(acc):
        return
    try:
        actions = actions_of(acc)
    except Exception:
        actions = []
    out.write('%s[%s] %r%s%s\n' % ('  ' * depth, role(acc), name(acc),
                                   ' text=%r' % text_of(acc) if text_of(acc) else '',
                                   ' actions=%s' % actions if actions else ''))
    for child in children(acc):
        dump(child, out, showing_only, depth + 1)


# ------------------------------------------------------------------ acting

def actions_of(acc):
    try:
        action = acc.queryAction()
    except NotImplementedError:
        return []
    return [action.getName(i) for i in range(action.nActions)]


def do_action(acc, *names):
    """Performs the first of the named actions acc offers."""
    action = acc.queryAction()
    offered = [action.getName(i) for i in range(action.nActions)]
    for wanted in names:
        if wanted in offered:
            if not action.doAction(offered.index(wanted)):
                raise Failure('the %s action of %s %r failed' % (wanted, role(acc), name(acc)))
            return
    raise Failure('%s %r offers none of %s (only %s)' % (role(acc), name(acc), names, offered))


def set_text(acc, text):
    editable = acc.queryEditableText()
    if not editable.setTextContents(text):
        raise Failure('could not type into %s %r' % (role(acc), name(acc)))


class Touched:
    """Remembers every control a test touched, to check each has a name."""

    def __init__(self):
        self.unnamed = []

    def __call__(self, acc, what):
        if not has_real_name(acc):
            self.unnamed.append('%s (%s, named %r)' % (what, role(acc), name(acc)))
        return acc


# ------------------------------------------------------------- the program

class Session:
    """The amparo program, started on a vault, and its accessible frame."""

    def __init__(self, build, vault=None, demo=False, env=None, args=()):
        self.build = build
        cmd = [os.path.join(build, 'src', 'gui', 'amparo')]
        if demo:
            cmd.append('--demo')
        if vault is not None:
            cmd += ['--vault', vault]
        cmd += list(args)
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.log_file = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, env=full_env, stdout=self.log_file,
                                     stderr=subprocess.STDOUT)
        self.app = wait_for('the amparo application on the accessibility bus',
                            self._find_app, timeout=30)
        self.frame = wait_for('its window', lambda: find(self.app, lambda n: role(n) == 'frame'))

    def _find_app(self):
        if self.proc.poll() is not None:
            raise Failure('amparo exited with status %d:\n%s' % (self.proc.returncode,
                                                                   self.output()))
        desktop = pyatspi.Registry.getDesktop(0)
        for app in children(desktop):
            try:
                if app.get_process_id() == self.proc.pid:
                    return app
            except Exception:
                continue
        return None

    def windows(self):
        """The program's windows and dialogs that are on screen."""
        return children(self.app)

    def output(self):
        self.log_file.seek(0)
        return self.log_file.read().decode('utf-8', 'replace')

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.output()


def make_vault(build, directory, csv_path=None, demo_cases=0):
    """A vault made with amparo-cli: a supervisor, CSV rows, demo cases."""
    cli = os.path.join(build, 'src', 'cli', 'amparo-cli')
    vault = os.path.join(directory, 'vault')

    def run(*args):
        subprocess.run([cli, '--vault', vault] + list(args), input=PASSPHRASE + '\n',
                       text=True, check=True, stdout=subprocess.DEVNULL)

    run('init', '--agency', 'E2E Shelter', '--user', 'E2E supervisor')
    if csv_path is not None:
        run('csv-import', csv_path)
    if demo_cases > 0:
        run('demo', '--cases', str(demo_cases), '--seed', '11')
    return vault


def unlock(session, touched, passphrase=PASSPHRASE):
    frame = session.frame
    entry = touched(wait_for('the passphrase entry',
                             lambda: find(frame, lambda n: role(n) in ('text', 'password text')
                                          and 'assphrase' in name(n) or
                                          role(n) in ('text', 'password text') and
                                          'frase' in name(n))),
                    'passphrase entry')
    set_text(entry, passphrase)
    button = touched(wait_for('the unlock button',
                              lambda: find(frame, lambda n: role(n) == 'push button'
                                           and re.search(r'Unlock|Desbloquear', name(n))
                                           and is_sensitive(n))),
                     'unlock button')
    do_action(button, 'click', 'activate')
