{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{PAGE_TITLE}}</h1>
<p>{{SITE_NAME}} · <a href="/agent/planning/{{DEVICE_ID}}">[[Horaires et quotas]]</a> · <a href="/agent/lieux">[[Tous les lieux]]</a></p>
{{#SAVED}}<p class="notice" role="status">[[Appareil enregistré.]]</p>{{/SAVED}}
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
<form action="/agent/appareils/{{DEVICE_ID}}" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="nom_appareil">[[Nom]]</label><input id="nom_appareil" name="nom_appareil" type="text" maxlength="120" value="{{V_NOM_APPAREIL}}"></div>
<div class="field check"><input type="checkbox" id="actif" name="actif" value="1"{{#ACTIVE}} checked{{/ACTIVE}}> <label for="actif">[[En service]]</label></div>
<fieldset class="radios"><legend>[[Démarches proposées sur cet appareil]]</legend>
{{#PROCEDURE}}<p><input type="checkbox" id="p{{ID}}" name="p{{ID}}" value="1"{{#CHECKED}} checked{{/CHECKED}}> <label for="p{{ID}}">{{NAME}}</label></p>
{{/PROCEDURE}}
</fieldset>
<p class="actions"><button type="submit" class="button">[[Enregistrer]]</button></p>
</form>
{{>FOOTER}}
