// Keeps what a build downloads and compiles between Netlify builds, with Netlify's own cache
// (utils.cache, which Netlify Build gives every plugin): the Go module cache, the Go build
// cache (Hugo compiled into the tool, and the tool itself: `go run` keeps its executable
// there) and the editing interface's node_modules. Without them every deploy preview of an
// editor's change compiled Hugo and installed the interface from nothing. "Clear cache and
// deploy site" in Netlify's interface starts from nothing again. BENCHMARKS.md ("Netlify: a
// second build with the caches kept") measures it; tools/netlify-bench.sh repeats it.
const { execFileSync } = require('node:child_process')

const paths = () => {
  const env = execFileSync('go', ['env', 'GOMODCACHE', 'GOCACHE'], { encoding: 'utf8' })
  return [...env.trim().split('\n'), 'tools/internal/cms/node_modules']
}

module.exports = {
  async onPreBuild({ utils }) {
    for (const p of paths()) {
      const restored = await utils.cache.restore(p)
      console.log(`portal-cache: ${restored ? 'restored' : 'nothing kept yet for'} ${p}`)
    }
  },
  // Runs only when the build command succeeded: a failed build keeps the last good caches.
  async onPostBuild({ utils }) {
    for (const p of paths()) {
      if (await utils.cache.save(p)) console.log(`portal-cache: kept ${p}`)
    }
  },
}
