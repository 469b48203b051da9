// The program around the README's Go snippet (snippet.go): built, and tested under mocks.
package main

func main() { _ = addMonitoring }
