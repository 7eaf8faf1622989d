package cli

import "strings"

// Command is one subcommand path ("create cluster") and its handler, which gets the arguments
// after the path (words and flags, in their original order).
type Command struct {
	Path string
	Run  func(args []string) int
}

// Dispatch finds the command whose path matches the leading words of args (the words before
// the first flag), as cobra does for the real tools, and runs it. ok is false when none matches;
// words are then the leading words, for the caller's help or "unknown command" message.
func Dispatch(args []string, commands []Command) (code int, ok bool, words []string) {
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			break
		}
		words = append(words, a)
	}
	rest := args[len(words):]
	for _, c := range commands {
		n := len(strings.Fields(c.Path))
		if len(words) >= n && strings.Join(words[:n], " ") == c.Path {
			return c.Run(append(words[n:], rest...)), true, words
		}
	}
	return 0, false, words
}

// Cmd is a Command literal that reads like the real tools' command tables.
func Cmd(path string, run func(args []string) int) Command { return Command{Path: path, Run: run} }
