package githubfixture

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// git runs git against the bare repository gitDir and returns its stdout.
func git(gitDir string, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"--git-dir=" + gitDir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_TERMINAL_PROMPT=0")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// initBare creates an empty bare repository whose HEAD is refs/heads/<branch>.
func initBare(gitDir, branch string) error {
	if out, err := exec.Command("git", "init", "--quiet", "--bare", gitDir).CombinedOutput(); err != nil {
		return fmt.Errorf("git init --bare %s: %v: %s", gitDir, err, out)
	}
	_, err := git(gitDir, nil, "symbolic-ref", "HEAD", "refs/heads/"+branch)
	return err
}

// commitFile makes the first commit of branch holding one file, as GitHub's auto_init does.
func commitFile(gitDir, branch, name string, content []byte, author string) error {
	blob, err := git(gitDir, content, "hash-object", "-w", "--stdin")
	if err != nil {
		return err
	}
	tree, err := git(gitDir, []byte(fmt.Sprintf("100644 blob %s\t%s\n", strings.TrimSpace(string(blob)), name)), "mktree")
	if err != nil {
		return err
	}
	cmd := exec.Command("git", "--git-dir="+gitDir, "commit-tree", "-m", "Initial commit", strings.TrimSpace(string(tree)))
	cmd.Env = append(os.Environ(),
		"GIT_AUTHOR_NAME="+author, "GIT_AUTHOR_EMAIL="+author+"@users.noreply.github.com",
		"GIT_COMMITTER_NAME=GitHub", "GIT_COMMITTER_EMAIL=noreply@github.com")
	commit, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("git commit-tree: %v", err)
	}
	_, err = git(gitDir, nil, "update-ref", "refs/heads/"+branch, strings.TrimSpace(string(commit)))
	return err
}

// object is what `git cat-file --batch-check` says about "<rev>:<path>".
type object struct {
	SHA  string
	Type string // blob, tree, commit (a submodule)
	Size int64
}

// resolveCommit returns the commit a branch, tag or SHA names, or "" when there is none.
func resolveCommit(gitDir, ref string) string {
	out, err := git(gitDir, nil, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// lookupPath returns the object at path in commit, or ok=false when the path does not exist.
func lookupPath(gitDir, commit, path string) (object, bool, error) {
	out, err := git(gitDir, []byte(commit+":"+path+"\n"), "cat-file", "--batch-check")
	if err != nil {
		return object{}, false, err
	}
	f := strings.Fields(string(out))
	if len(f) != 3 {
		return object{}, false, nil // "<rev> missing"
	}
	size, _ := strconv.ParseInt(f[2], 10, 64)
	return object{SHA: f[0], Type: f[1], Size: size}, true, nil
}

// treeEntry is one entry of `git ls-tree --long`.
type treeEntry struct {
	Mode, Type, SHA, Name string
	Size                  int64
}

func listTree(gitDir, treeSHA string) ([]treeEntry, error) {
	out, err := git(gitDir, nil, "ls-tree", "-z", "--long", treeSHA)
	if err != nil {
		return nil, err
	}
	var entries []treeEntry
	for _, rec := range strings.Split(string(out), "\x00") {
		tab := strings.IndexByte(rec, '\t')
		if tab < 0 {
			continue
		}
		f := strings.Fields(rec[:tab])
		if len(f) != 4 {
			continue
		}
		size, _ := strconv.ParseInt(f[3], 10, 64)
		entries = append(entries, treeEntry{Mode: f[0], Type: f[1], SHA: f[2], Size: size, Name: rec[tab+1:]})
	}
	return entries, nil
}

// headBranch is the branch HEAD points at.
func headBranch(gitDir string) string {
	out, err := git(gitDir, nil, "symbolic-ref", "--short", "HEAD")
	if err != nil {
		return "main"
	}
	return strings.TrimSpace(string(out))
}
