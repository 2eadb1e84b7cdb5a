-- Neovim 0.7 (Debian's) with its built-in LSP client and no plugins: starts promfed's server for one file,
-- waits for diagnostics, asks for a hover and code actions, writes everything as JSON, and quits.
-- Run by neovim.test.ts: nvim --headless --clean -u init.lua, with the JSON below in $PROMFED_NVIM_TEST:
--   { node, server, file, root, out, timeoutMs, hover = {line, character}, action = {line} }  (0-based)
local cfg = vim.json.decode(os.getenv('PROMFED_NVIM_TEST'))
local out = { nvim = vim.version(), messages = {} }
-- Headless Neovim would wait at a hit-enter prompt for an error message: keep messages in the report.
vim.notify = function(msg, level) table.insert(out.messages, { msg = msg, level = level }) end

local function finish(failed)
  local f = assert(io.open(cfg.out, 'w'))
  f:write(vim.json.encode(out))
  f:close()
  vim.cmd(failed and 'cquit' or 'qall!')
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(cfg.file))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  local published = false
  local client_id = vim.lsp.start_client({
    name = 'promfed',
    cmd = { cfg.node, cfg.server, '--stdio' },
    root_dir = cfg.root,
    -- Answered to the server's workspace/configuration request for section "promfed".
    settings = { promfed = { prometheusVersion = '3' } },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
        if result and result.uri == uri then published = true end
      end,
    },
  })
  assert(client_id, 'vim.lsp.start_client failed')
  vim.lsp.buf_attach_client(bufnr, client_id)

  out.published = vim.wait(cfg.timeoutMs, function() return published end, 20)
  local client = vim.lsp.get_client_by_id(client_id)
  out.capabilities = client.server_capabilities
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out.diagnostics, { line = d.lnum, col = d.col, code = d.code, severity = d.severity, source = d.source, message = d.message })
  end

  -- The request as a user's keymap sends it (skipped by Neovim when the server lacks the capability),
  -- and the same request sent straight to the server, which must answer either way.
  local function ask(method, params)
    local via_buf = client.supports_method(method) and vim.lsp.buf_request_sync(bufnr, method, params, cfg.timeoutMs) or nil
    local raw, raw_err = client.request_sync(method, params, cfg.timeoutMs, bufnr)
    return {
      supported = client.supports_method(method),
      result = via_buf and via_buf[client_id] and via_buf[client_id].result or vim.NIL,
      raw = raw and { result = raw.result, err = raw.err } or { timeout = raw_err or 'no response' },
    }
  end

  out.hover = ask('textDocument/hover', { textDocument = { uri = uri }, position = cfg.hover })

  -- What Neovim 0.7's own code-action request sends: the line's diagnostics back in LSP shape (range, code, data).
  local line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, cfg.action.line)
  out.codeAction = ask('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = cfg.action.line, character = 0 }, ['end'] = { line = cfg.action.line, character = 1 } },
    context = { diagnostics = line_diagnostics },
  })
end

-- After start-up, so nothing runs while init.lua is still being sourced.
vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = pcall(run)
    if not ok then out.error = tostring(err) end
    finish(not ok)
  end,
})
